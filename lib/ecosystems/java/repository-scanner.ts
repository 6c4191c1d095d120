import type { Repository, RepositoryScanner } from '../../indexer/types.ts';
import { javaArchives, javaPackageScanner } from './package-scanner.ts';

/** Maven Central, which the java matcher's filter names. */
export const MAVEN_REPOSITORY: Repository = {
  name: 'maven',
  key: '',
  uri: 'https://repo1.maven.apache.org/maven2',
  cpe: '',
};

/**
 * Reports Maven Central for a layer holding Java archives. claircore's indexer adds a package
 * scanner's default repository to a layer where it found packages; our scanners report only their
 * own kind, so this scanner does it, from the same candidate files as the package scanner.
 */
export const javaRepositoryScanner: RepositoryScanner = {
  name: 'java',
  version: '1',
  kind: 'repository',
  wants: javaPackageScanner.wants,
  async scan(files, ctx) {
    return (await javaArchives(files, ctx)).length > 0 ? [MAVEN_REPOSITORY] : [];
  },
};
