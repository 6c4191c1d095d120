import type { Repository, RepositoryScanner } from '../../indexer/types.ts';
import { PYPI_URI, pythonPackageScanner, pythonPackages } from './package-scanner.ts';

/** The repository pip installs from, which the python matcher's records name. */
export const PYPI_REPOSITORY: Repository = { name: 'pypi', key: '', uri: PYPI_URI, cpe: '' };

/**
 * Reports PyPI for a layer where the package scanner finds Python packages. claircore's indexer
 * adds a package scanner's default repository to a layer where it found packages; our scanners
 * report only their own kind, so this scanner does it, from the package scanner's own reading.
 */
export const pythonRepositoryScanner: RepositoryScanner = {
  name: 'python',
  version: '2',
  kind: 'repository',
  wants: pythonPackageScanner.wants,
  async scan(files, ctx) {
    return (await pythonPackages(files, ctx)).length > 0 ? [PYPI_REPOSITORY] : [];
  },
};
