import type { Repository, RepositoryScanner } from '../../indexer/types.ts';
import { RUBYGEMS, rubyPackageScanner, rubyPackages } from './package-scanner.ts';

/** The repository gems install from, which the ruby matcher's records name. */
export const RUBYGEMS_REPOSITORY: Repository = {
  name: RUBYGEMS,
  key: '',
  uri: 'https://rubygems.org/gems/',
  cpe: '',
};

/**
 * Reports RubyGems for a layer where the package scanner finds gems. claircore's indexer adds a
 * package scanner's default repository to a layer where it found packages; our scanners report
 * only their own kind, so this scanner does it, from the package scanner's own reading.
 */
export const rubyRepositoryScanner: RepositoryScanner = {
  name: 'ruby',
  version: '2',
  kind: 'repository',
  wants: rubyPackageScanner.wants,
  async scan(files, ctx) {
    return (await rubyPackages(files, ctx)).length > 0 ? [RUBYGEMS_REPOSITORY] : [];
  },
};
