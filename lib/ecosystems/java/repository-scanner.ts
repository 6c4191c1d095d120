import type { Repository, RepositoryScanner } from '../../indexer/types.ts';
import { javaArtifacts, javaPackageScanner } from './package-scanner.ts';

/** Maven Central, which the java matcher's filter names. */
export const MAVEN_REPOSITORY: Repository = {
  name: 'maven',
  key: '',
  uri: 'https://repo1.maven.apache.org/maven2',
  cpe: '',
};

/**
 * Reports Maven Central for a layer whose Java archives hold packages. claircore's indexer adds a
 * package scanner's default repository to a layer where it found packages; our scanners report
 * only their own kind, so this scanner does it, from the package scanner's reading of the layer.
 */
export const javaRepositoryScanner: RepositoryScanner = {
  name: 'java',
  version: '2',
  kind: 'repository',
  wants: javaPackageScanner.wants,
  async scan(files, ctx) {
    return (await javaArtifacts(files, ctx)).length > 0 ? [MAVEN_REPOSITORY] : [];
  },
};
