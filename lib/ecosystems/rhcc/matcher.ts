// Red Hat container images against Red Hat's container advisories (claircore's
// rhel-container-matcher): the database keeps rows of the image's minor stream, the tags decide.
import { InvalidInputError } from '../../errors.ts';
import type { Matcher } from '../../matcher/types.ts';
import { compareRpmVersions, parseRpmVersion } from '../../versions/rpm.ts';
import { repositoryCpeMatches } from '../rhel/cpe-check.ts';
import { GOLD_REPO, RHCC_REPOSITORY_KEY } from './repository.ts';

// Tags without a release (`1744596866`, `4.13`) read as release 0.
const tagVersion = (tag: string) => parseRpmVersion(tag.includes('-') ? tag : `${tag}-0`);

export const rhccMatcher = {
  name: 'rhel-container-matcher',
  filter: (record) => record.repository?.key === RHCC_REPOSITORY_KEY,
  query: ['repo_key'],
  // Not authoritative: the range only picks the stream, so the tags are still compared.
  versionFilter: { authoritative: false },
  vulnerable(record, vuln) {
    // Images from the legacy build system have no CPE; any other advisory must cover the image's.
    if (
      record.repository?.name !== GOLD_REPO.name &&
      !repositoryCpeMatches(record.repository?.cpe ?? '', vuln.repository.name ?? '')
    )
      return false;
    if (record.package.version === '') {
      throw new InvalidInputError(`rhcc package ${record.package.name}: empty version`);
    }
    if (vuln.fixed_in_version === '') return true;
    return compareRpmVersions(tagVersion(record.package.version), tagVersion(vuln.fixed_in_version)) < 0;
  },
} satisfies Matcher;
