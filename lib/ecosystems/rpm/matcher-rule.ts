// The rpm rule every RPM distribution's matcher shares (claircore's internal/rpm/matcher.go,
// claircore-engine.md section 4.4).
import type { MatchableVulnerability, MatchRecord } from '../../matcher/types.ts';
import { compareRpmVersions, parseRpmVersion } from '../../versions/rpm.ts';
import { archMatches } from './arch-op.ts';

// What an advisory without a fixed or affected version is compared with: above every real package.
const ALWAYS = parseRpmVersion('65535:65535-65535');

/**
 * Vulnerable when the installed EVR is below the fixed one, or at most the advisory's package
 * version when no fix is named (always, with neither); and the architecture applies.
 */
export function rpmVulnerable(record: MatchRecord, vuln: MatchableVulnerability): boolean {
  if (!archMatches(vuln.arch_op, record.package.arch ?? '', vuln.package.arch ?? '')) return false;
  const installed = parseRpmVersion(record.package.version);
  if (vuln.fixed_in_version !== '')
    return compareRpmVersions(installed, parseRpmVersion(vuln.fixed_in_version)) < 0;
  const affected = vuln.package.version ? parseRpmVersion(vuln.package.version) : ALWAYS;
  return compareRpmVersions(installed, affected) <= 0;
}
