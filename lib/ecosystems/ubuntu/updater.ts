// The `ubuntu` updater set: Ubuntu's vulnerability data as Canonical publishes it in OSV form,
// read from the OSV bucket's `Ubuntu/all.zip`; one updater, `ubuntu/updater`, for every release.
//
// Why OSV rather than the OVAL feeds claircore reads: the osv set already fetches an all.zip and
// turns JSON advisories into vulnerabilities, so Ubuntu reuses that one zip and JSON pipeline
// (lib/ecosystems/osv) instead of bringing an XML parser, bzip2, a walk of OVAL criteria trees
// and a release list from Launchpad. The OSV records are one per CVE, listing for each release
// the source package and its fixed version; the matcher queries with an image package's source
// name as well as its binary name, so these records match binaries without OVAL's expansion of
// every source package into its binary package names.
import { ConfigError, InvalidInputError } from '../../errors.ts';
import { fetchFeed } from '../../updater/fetch-feed.ts';
import { pluginConfig } from '../../updater/plugin-config.ts';
import type {
  Severity,
  Updater,
  UpdaterContext,
  UpdaterSetFactory,
  Vulnerability,
} from '../../updater/types.ts';
import type { Advisory } from '../osv/advisory.ts';
import { advisoryBase } from '../osv/advisory-base.ts';
import { fixedRanges } from '../osv/ranges.ts';
import { readAdvisories } from '../osv/read-advisories.ts';
import { osvSeverity } from '../osv/severity.ts';
import { ubuntuRelease } from './distribution-scanner.ts';
import { ubuntuCodename } from './releases.ts';

const SET = 'ubuntu';
const NAME = 'ubuntu/updater';
const DEFAULT_URL = 'https://osv-vulnerabilities.storage.googleapis.com/Ubuntu/all.zip';

type UbuntuConfig = {
  readonly url: string;
  /** Releases known beyond the built-in list, version id -> codename. */
  readonly releases: Readonly<Record<string, string>>;
};

/**
 * `updaters.config.ubuntu`: `url`, where Ubuntu's OSV zip is served, and `releases`, e.g.
 * `{"26.10": "stonking"}`, so a release newer than this clairless is matched without an upgrade.
 */
function ubuntuConfig(raw: Readonly<Record<string, unknown>>): UbuntuConfig {
  const config = pluginConfig(raw, SET, ['url', 'releases']);
  const releases = config.stringMap('releases') ?? {};
  for (const [version, codename] of Object.entries(releases)) {
    if (!/^\d+\.\d+$/.test(version) || !/^[a-z]+$/.test(codename)) {
      throw new ConfigError(
        `updaters.config.${SET}.releases.${version}: want a version id such as "26.04" naming a lower-case codename, got ${JSON.stringify(codename)}`,
      );
    }
  }
  return { url: config.url('url', DEFAULT_URL), releases };
}

export const ubuntuUpdaterSet: UpdaterSetFactory = {
  name: SET,
  async discover(config) {
    return [{ set: SET, name: NAME, params: { url: ubuntuConfig(config).url } }];
  },
  build(spec, config) {
    const configured = ubuntuConfig(config);
    const url = spec.params.url ?? configured.url;
    if (spec.name !== NAME || !URL.canParse(url)) {
      throw new InvalidInputError(`updater ${spec.name}: not the ${NAME} updater with a url`);
    }
    return ubuntuUpdater(url, configured.releases);
  },
};

function ubuntuUpdater(url: string, releases: Readonly<Record<string, string>>): Updater {
  return {
    name: NAME,
    fetch: (previous, ctx) => fetchFeed(url, previous, ctx, { headers: { accept: 'application/zip' } }),
    parse: (file, ctx) => parseDump(file, url, releases, ctx),
  };
}

async function* parseDump(
  file: string,
  url: string,
  releases: Readonly<Record<string, string>>,
  ctx: UpdaterContext,
): AsyncGenerator<Vulnerability> {
  const now = new Date();
  let vulnerabilities = 0;
  for await (const { entry, advisory } of readAdvisories(file, url, ctx.signal)) {
    const found = ubuntuVulnerabilities(advisory, entry, now, releases);
    vulnerabilities += found.length;
    yield* found;
  }
  ctx.log.debug('ubuntu parse done', { vulnerabilities });
}

// The zip also holds Ubuntu Security Notices (USN-, LSN-), which repeat the fixes of the CVE
// records they cite: only the CVE records are read, so each fix is stored once.
const CVE_RECORD = 'UBUNTU-CVE-';

/**
 * One vulnerability per source package, release and ECOSYSTEM interval of an UBUNTU-CVE record,
 * named by its CVE as Clair's Ubuntu updater names them. Releases are `Ubuntu:<version>` or
 * `Ubuntu:<version>:LTS`; Ubuntu Pro (ESM) entries and releases clairless does not know are left
 * out. FixedInVersion is the fixed event's version, "" if none.
 */
export function ubuntuVulnerabilities(
  a: Advisory,
  entry: string,
  now: Date,
  releases: Readonly<Record<string, string>> = {},
): Vulnerability[] {
  if (!a.id.startsWith(CVE_RECORD)) return [];
  const base = advisoryBase(a, entry, now);
  if (base === undefined) return [];
  const proto = {
    ...base,
    name: a.id.slice('UBUNTU-'.length),
    ...ubuntuSeverity(a),
    repo: undefined,
    archOperation: '' as const,
    range: undefined,
  };
  return a.affected.flatMap((affected) => {
    const dist = ubuntuDist(affected.package.ecosystem, releases);
    if (dist === undefined) return [];
    const pkg = { name: affected.package.name, version: '', module: '', arch: '', kind: 'source' as const };
    return affected.ranges
      .filter((range) => range.type === 'ECOSYSTEM')
      .flatMap((range) => fixedRanges(range.events))
      .map(({ fixedInVersion }): Vulnerability => ({ ...proto, package: pkg, dist, fixedInVersion }));
  });
}

function ubuntuDist(ecosystem: string, releases: Readonly<Record<string, string>>): Vulnerability['dist'] {
  const versionId = /^Ubuntu:(\d+\.\d+)(?::LTS)?$/.exec(ecosystem)?.[1];
  const codename = versionId === undefined ? undefined : (releases[versionId] ?? ubuntuCodename(versionId));
  return versionId === undefined || codename === undefined ? undefined : ubuntuRelease(versionId, codename);
}

const PRIORITIES: ReadonlyMap<string, Severity> = new Map([
  ['negligible', 'Negligible'],
  ['low', 'Low'],
  ['medium', 'Medium'],
  ['high', 'High'],
  ['critical', 'Critical'],
]);

/** Ubuntu's priority (the `Ubuntu` severity entry) as given, and normalised; else the CVSS rating. */
function ubuntuSeverity(a: Advisory): { severity: string; normalizedSeverity: Severity } {
  const priority = a.severity.findLast((s) => s.type === 'Ubuntu')?.score;
  const normalized = priority === undefined ? undefined : PRIORITIES.get(priority.toLowerCase());
  return normalized === undefined || priority === undefined
    ? osvSeverity(a)
    : { severity: priority, normalizedSeverity: normalized };
}
