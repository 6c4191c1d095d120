import { defaultRepositoryScanner } from '../../indexer/default-repository-scanner.ts';
import type { Repository } from '../../indexer/types.ts';
import { RUBYGEMS, rubyPackageScanner, rubyPackages } from './package-scanner.ts';

/** The repository gems install from, which the ruby matcher's records name. */
export const RUBYGEMS_REPOSITORY: Repository = {
  name: RUBYGEMS,
  key: '',
  uri: 'https://rubygems.org/gems/',
  cpe: '',
};

/** RubyGems, for a layer holding gems. */
export const rubyRepositoryScanner = defaultRepositoryScanner(
  rubyPackageScanner,
  '2',
  RUBYGEMS_REPOSITORY,
  rubyPackages,
);
