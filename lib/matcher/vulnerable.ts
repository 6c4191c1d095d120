import type { Logger } from '../log.ts';
import type { VersionRange } from '../updater/types.ts';
import type { MatchableVulnerability, Matcher, MatchRecord } from './types.ts';

/**
 * The matcher's verdict, where an unreadable version leaves the pair unmatched rather than failing
 * the whole report or lookup (Clair answers 500); the warning names what could not be read.
 */
export function vulnerableOrSkip(
  matcher: Matcher,
  record: MatchRecord,
  vuln: MatchableVulnerability,
  range: VersionRange | undefined,
  log: Logger,
): boolean {
  try {
    return matcher.vulnerable(record, vuln, range);
  } catch (err) {
    log.warn('version not comparable, pair skipped', {
      matcher: matcher.name,
      package: record.package.name,
      version: record.package.version,
      vulnerability: vuln.name,
      fixed_in_version: vuln.fixed_in_version,
      err,
    });
    return false;
  }
}
