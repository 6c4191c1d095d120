import { defaultRepositoryScanner } from '../../indexer/default-repository-scanner.ts';
import type { Repository } from '../../indexer/types.ts';
import { PYPI_URI, pythonPackageScanner, pythonPackages } from './package-scanner.ts';

/** The repository pip installs from, which the python matcher's records name. */
export const PYPI_REPOSITORY: Repository = { name: 'pypi', key: '', uri: PYPI_URI, cpe: '' };

/** PyPI, for a layer holding Python packages. */
export const pythonRepositoryScanner = defaultRepositoryScanner(
  pythonPackageScanner,
  '2',
  PYPI_REPOSITORY,
  pythonPackages,
);
