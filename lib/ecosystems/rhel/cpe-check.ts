// Whether a Red Hat advisory's CPE (kept as its repository name) covers the CPE of the repository
// a package came from, as claircore's rhel and rhcc matchers decide it.
import { cpeHasPrefix, cpeIsSuperset } from '../../cpe/match.ts';
import { parseCpe, type Wfn } from '../../cpe/wfn.ts';

/**
 * True when the advisory CPE names everything the record's does (NISTIR 7696 superset), or is a
 * prefix of it as Red Hat writes them (`cpe:/a:redhat:openshift:4` covers `…:openshift:4.13::el8`).
 * An unreadable CPE on either side covers nothing.
 */
export function repositoryCpeMatches(recordCpe: string, advisoryCpe: string): boolean {
  const record = readable(recordCpe);
  const advisory = readable(advisoryCpe);
  if (record === undefined || advisory === undefined) return false;
  return cpeIsSuperset(advisory, record) || cpeHasPrefix(record, advisory);
}

function readable(text: string): Wfn | undefined {
  try {
    return parseCpe(text);
  } catch {
    return undefined;
  }
}
