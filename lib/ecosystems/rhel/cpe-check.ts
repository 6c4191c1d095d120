// Whether a Red Hat advisory's CPE (kept as its repository name) covers the CPE of the repository
// a package came from, as claircore's rhel and rhcc matchers decide it.
import { boundedCache } from '../../bounded-cache.ts';
import { cpeHasPrefix, cpeIsSuperset } from '../../cpe/match.ts';
import { parseCpe, type Wfn } from '../../cpe/wfn.ts';

/**
 * True when the advisory CPE names everything the record's does (NISTIR 7696 superset), or is a
 * prefix of it as Red Hat writes them (`cpe:/a:redhat:openshift:4` covers `…:openshift:4.13::el8`).
 * An unreadable CPE on either side covers nothing.
 */
export function repositoryCpeMatches(recordCpe: string, advisoryCpe: string): boolean {
  const key = `${recordCpe}\n${advisoryCpe}`;
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const record = readable(recordCpe);
  const advisory = readable(advisoryCpe);
  const verdict =
    record !== undefined &&
    advisory !== undefined &&
    (cpeIsSuperset(advisory, record) || cpeHasPrefix(record, advisory));
  verdicts.set(key, verdict);
  return verdict;
}

// A report asks about the same few (repository, product) pairs for every candidate: parse once.
const verdicts = boundedCache<string, boolean>(10_000);

function readable(text: string): Wfn | undefined {
  try {
    return parseCpe(text);
  } catch {
    return undefined;
  }
}
