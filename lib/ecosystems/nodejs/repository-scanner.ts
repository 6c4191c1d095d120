import { defaultRepositoryScanner } from '../../indexer/default-repository-scanner.ts';
import type { Repository } from '../../indexer/types.ts';
import { NPM, nodejsPackageScanner, nodejsPackages } from './package-scanner.ts';

/** The npm registry, which the nodejs matcher's filter names. */
export const NPM_REPOSITORY: Repository = { name: NPM, key: '', uri: 'https://www.npmjs.com/', cpe: '' };

/** npm, for a layer where npm packages are installed or locked. */
export const nodejsRepositoryScanner = defaultRepositoryScanner(
  nodejsPackageScanner,
  '2',
  NPM_REPOSITORY,
  nodejsPackages,
);
