import { defaultRepositoryScanner } from '../../indexer/default-repository-scanner.ts';
import type { Repository } from '../../indexer/types.ts';
import { javaArtifacts, javaPackageScanner } from './package-scanner.ts';

/** Maven Central, which the java matcher's filter names. */
export const MAVEN_REPOSITORY: Repository = {
  name: 'maven',
  key: '',
  uri: 'https://repo1.maven.apache.org/maven2',
  cpe: '',
};

/** Maven Central, for a layer whose Java archives hold packages. */
export const javaRepositoryScanner = defaultRepositoryScanner(
  javaPackageScanner,
  '2',
  MAVEN_REPOSITORY,
  javaArtifacts,
);
