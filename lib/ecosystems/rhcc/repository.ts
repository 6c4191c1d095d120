// The repositories rhcc records are matched in: every one has this key, which Red Hat's VEX
// updater also gives the container advisories it stores.
import type { Repository } from '../../indexer/types.ts';

export const RHCC_REPOSITORY_KEY = 'rhcc-container-repository';

/**
 * The repository of images built by Red Hat's legacy build system (a buildinfo Dockerfile), which
 * carry no CPE: the matcher skips its CPE check for records in it.
 */
export const GOLD_REPO: Repository = {
  name: 'Red Hat Container Catalog',
  key: RHCC_REPOSITORY_KEY,
  uri: 'https://catalog.redhat.com/software/containers/explore',
  cpe: '',
};

/** What rhcc scanners put in a package's repository hint, which the rhcc coalescer keeps. */
export const RHCC_HINT = 'rhcc';
