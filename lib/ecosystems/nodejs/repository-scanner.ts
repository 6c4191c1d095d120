import type { Repository, RepositoryScanner } from '../../indexer/types.ts';
import { NPM, nodejsPackageScanner, nodejsPackages } from './package-scanner.ts';

/** The npm registry, which the nodejs matcher's filter names. */
export const NPM_REPOSITORY: Repository = { name: NPM, key: '', uri: 'https://www.npmjs.com/', cpe: '' };

/**
 * Reports npm for a layer where the package scanner finds packages, installed or locked. claircore's
 * indexer adds a package scanner's default repository to a layer where it found packages; our
 * scanners report only their own kind, so this scanner does it, from the package scanner's own
 * reading.
 */
export const nodejsRepositoryScanner: RepositoryScanner = {
  name: 'nodejs',
  version: '2',
  kind: 'repository',
  wants: nodejsPackageScanner.wants,
  async scan(files, ctx) {
    return (await nodejsPackages(files, ctx)).length > 0 ? [NPM_REPOSITORY] : [];
  },
};
