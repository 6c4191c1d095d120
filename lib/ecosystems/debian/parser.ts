import type { Vulnerability } from '../../updater/types.ts';
import { debianRelease } from './distribution-scanner.ts';
import type { DebianReleases } from './releases.ts';
import { debianSeverity } from './severity.ts';
import type { TrackerEntry } from './tracker.ts';
import { readTracker } from './tracker-reader.ts';

const LINK_PREFIX = 'https://security-tracker.debian.org/tracker/';

/**
 * The tracker feed as vulnerabilities, streamed: one per (source package, issue, release) for
 * the releases given (codename -> major version); other codenames (sid, an unreleased testing)
 * are skipped. `status` is ignored, as claircore does: fixed_version alone decides.
 */
export async function* parseTracker(
  chunks: AsyncIterable<Uint8Array>,
  releases: DebianReleases,
  source: string,
): AsyncGenerator<Vulnerability> {
  for await (const entry of readTracker(chunks, source)) yield* entryVulnerabilities(entry, releases);
}

/** One tracker issue as vulnerabilities, one per registered release it lists. */
export function entryVulnerabilities(entry: TrackerEntry, releases: DebianReleases): Vulnerability[] {
  const out: Vulnerability[] = [];
  for (const [codename, release] of Object.entries(entry.issue.releases)) {
    const version = releases.get(codename);
    if (version === undefined) continue;
    const urgency = release.urgency ?? '';
    out.push({
      name: entry.id,
      description: entry.issue.description ?? '',
      issued: undefined,
      links: LINK_PREFIX + entry.id,
      severity: urgency,
      normalizedSeverity: debianSeverity(urgency),
      package: { name: entry.package, version: '', module: '', arch: '', kind: 'source' },
      dist: debianRelease(version, codename),
      repo: undefined,
      fixedInVersion: release.fixed_version ?? '',
      archOperation: '',
      range: undefined,
    });
  }
  return out;
}
