// One OSV advisory -> the vulnerabilities clairless stores: one per affected interval of a
// package of the dump's own ecosystem (claircore-engine.md section 6.2, OSV). Pure.
import type { Vulnerability } from '../../updater/types.ts';
import { pep503Name } from '../python/pep503-name.ts';
import type { Advisory, Affected, AffectedRange } from './advisory.ts';
import { advisoryBase } from './advisory-base.ts';
import { namesPackages, normalizeEcosystem, osvRepository } from './ecosystems.ts';
import { type EncodedRange, fixedRanges, queryRanges, semverRanges } from './ranges.ts';
import { osvSeverity } from './severity.ts';

// Whose ECOSYSTEM ranges become query strings for their matchers.
const QUERY_ECOSYSTEMS: readonly string[] = ['Maven', 'PyPI', 'RubyGems'];
// Whose ECOSYSTEM ranges are ignored: they publish SEMVER ranges, and those are what is matched.
const SEMVER_ONLY: readonly string[] = ['Go', 'npm'];

/**
 * @param ecosystem the dump's ecosystem (`PyPI` for `PyPI/all.zip`); affected packages of other
 *   ecosystems, which multi-ecosystem advisories carry, are left out.
 */
export function osvVulnerabilities(
  a: Advisory,
  entry: string,
  ecosystem: string,
  now: Date,
): Vulnerability[] {
  const base = advisoryBase(a, entry, now);
  if (base === undefined) return [];
  const proto = { ...base, ...osvSeverity(a), repo: osvRepository(ecosystem) };
  const dump = normalizeEcosystem(ecosystem);
  return a.affected
    .filter((affected) => normalizeEcosystem(affected.package.ecosystem) === dump)
    .flatMap((affected) =>
      affected.ranges.flatMap((range) =>
        encodeRange(affected, range).map(
          (encoded): Vulnerability => ({
            ...proto,
            package: packageOf(affected),
            dist: undefined,
            fixedInVersion: encoded.fixedInVersion,
            archOperation: '',
            range: encoded.range,
          }),
        ),
      ),
    );
}

function encodeRange(affected: Affected, range: AffectedRange): EncodedRange[] {
  const ecosystem = affected.package.ecosystem;
  switch (range.type) {
    case 'SEMVER':
      return semverRanges(range.events);
    case 'ECOSYSTEM':
      if (SEMVER_ONLY.includes(ecosystem)) return [];
      return QUERY_ECOSYSTEMS.includes(ecosystem) ? queryRanges(range.events) : fixedRanges(range.events);
    default:
      // GIT ranges name commits, which no image package carries.
      return [];
  }
}

// claircore leaves the kind unset for purl-named packages; clairless's kinds are binary or
// source, and these are binaries. PyPI names as the python scanner writes them (PEP 503).
function packageOf(affected: Affected): Vulnerability['package'] {
  const { ecosystem, name, purl } = affected.package;
  const named = normalizeEcosystem(ecosystem) === 'pypi' ? pep503Name(name) : name;
  return { name: namesPackages(ecosystem) ? named : purl, version: '', module: '', arch: '', kind: 'binary' };
}
