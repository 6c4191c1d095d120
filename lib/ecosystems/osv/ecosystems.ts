// What clairless knows about OSV's ecosystems: how their dumps are named, which package field
// names a package, and the repository their vulnerabilities are filed under
// (claircore updater/osv/osv.go).

/** The ecosystems the `osv` set fetches when `updaters.config.osv.allowlist` is not given. */
export const DEFAULT_ALLOWLIST: readonly string[] = [
  'PyPI',
  'Go',
  'npm',
  'Maven',
  'RubyGems',
  'crates.io',
  'NuGet',
  'Packagist',
];

/** OSV ecosystem names as the bucket spells them (its folders are case-sensitive). */
const KNOWN: readonly string[] = [
  ...DEFAULT_ALLOWLIST,
  'Bioconductor',
  'Bitnami',
  'ConanCenter',
  'CRAN',
  'GHC',
  'Hackage',
  'Hex',
  'openEuler',
  'Photon OS',
  'Pub',
  'SwiftURL',
];

/** Ecosystems left to their own updater sets, or with nothing a container can match. */
export const IGNORED: readonly string[] = [
  'almalinux',
  'alpine',
  'android',
  'chainguard',
  'debian',
  'github actions',
  'linux',
  'opensuse',
  'oss-fuzz',
  'red hat',
  'rocky linux',
  'suse',
  'ubuntu',
  'wolfi',
];

/** Whose advisories name packages by `package.name`, as binary packages; the others by purl. */
const NAMED: readonly string[] = ['Go', 'Maven', 'npm', 'PyPI', 'RubyGems'];

const REPOSITORY_URI: ReadonlyMap<string, string> = new Map([
  ['crates.io', 'https://crates.io/'],
  ['go', 'https://pkg.go.dev/'],
  ['maven', 'https://repo1.maven.apache.org/maven2'],
  ['npm', 'https://www.npmjs.com/'],
  ['nuget', 'https://www.nuget.org/packages/'],
  ['oss-fuzz', 'https://google.github.io/oss-fuzz/'],
  ['packagist', 'https://packagist.org/'],
  ['pypi', 'https://pypi.org/'],
  ['rubygems', 'https://rubygems.org/gems/'],
]);

/** `Debian:11` -> `debian`: the dump an `affected[].package.ecosystem` belongs to. */
export function normalizeEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return (colon === -1 ? ecosystem : ecosystem.slice(0, colon)).toLowerCase();
}

/** A configured name in the bucket's spelling: `pypi` -> `PyPI`; unknown names are kept. */
export function canonicalEcosystem(name: string): string {
  return KNOWN.find((known) => known.toLowerCase() === name.toLowerCase()) ?? name;
}

export function namesPackages(ecosystem: string): boolean {
  return NAMED.includes(ecosystem);
}

/** The repository every vulnerability of a dump is filed under. */
export function osvRepository(ecosystem: string): { name: string; key: string; uri: string } {
  const name = normalizeEcosystem(ecosystem);
  return { name, key: '', uri: REPOSITORY_URI.get(name) ?? '' };
}
