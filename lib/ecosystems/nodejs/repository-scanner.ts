import type { Repository, RepositoryScanner } from '../../indexer/types.ts';
import { NPM, nodejsPackageScanner, npmFiles } from './package-scanner.ts';

/** The npm registry, which the nodejs matcher's filter names. */
export const NPM_REPOSITORY: Repository = { name: NPM, key: '', uri: 'https://www.npmjs.com/', cpe: '' };

/**
 * Reports npm for a layer holding `node_modules` packages, or a lockfile the package scanner reads
 * in their stead. claircore's indexer adds a package scanner's default repository to a layer where
 * it found packages; our scanners report only their own kind, so this scanner does it, reading the
 * same files as the package scanner.
 */
export const nodejsRepositoryScanner: RepositoryScanner = {
  name: 'nodejs',
  version: '1',
  kind: 'repository',
  wants: nodejsPackageScanner.wants,
  async scan(files, ctx) {
    const { packageJsons, lockfiles } = await npmFiles(files, ctx);
    return packageJsons.length + lockfiles.length > 0 ? [NPM_REPOSITORY] : [];
  },
};
