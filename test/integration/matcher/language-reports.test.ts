// Vulnerability reports of language packages: claircore's own matcher cases (a database of
// candidate advisories, an index report, the wanted report) for PyPI, Maven, RubyGems and npm, and
// claircore's rhacs index report of Go modules against the OSV Go advisories.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type pg from 'pg';
import type { RangeEvent } from '../../../lib/ecosystems/osv/advisory.ts';
import { semverRanges } from '../../../lib/ecosystems/osv/ranges.ts';
import type { IndexReport } from '../../../lib/indexer/index-report.ts';
import { decodeRecord } from '../../../lib/updater/bundle-record.ts';
import type { Vulnerability } from '../../../lib/updater/types.ts';
import { clearUpdates, type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { captureLog } from '../../helpers/log.ts';
import { getVulnerabilityReport, storeIndexReport, storeVulnerabilities } from '../../helpers/matcher.ts';
import { readTxtar, resolveSection } from '../../helpers/txtar.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');

type WireVuln = {
  id: string;
  updater: string;
  name: string;
  fixed_in_version?: string;
  package: { name: string };
  repository?: { name?: string };
  range?: { '[': string; ')': string };
};

/** What a row's version rule reads: its FixedInVersion and, for npm, its normalised range. */
type VersionFields = Pick<WireVuln, 'fixed_in_version' | 'range'>;

/**
 * How a language's rows are written. Three decoys per installed version, which its rule must sort:
 * fixed at that version and last affected at 0.0.1 (not vulnerable), introduced at 0.0.1 and never
 * fixed (vulnerable). Rows without a version rule of their own get theirs by advisory name.
 */
type RowRule = {
  readonly decoys: (version: string) => readonly VersionFields[];
  readonly advisories: Readonly<Record<string, VersionFields>>;
};

/** PyPI, Maven and RubyGems: FixedInVersion is the query string the osv updater writes. */
const QUERY_ROWS: RowRule = {
  decoys: (version) =>
    [`fixed=${encodeURIComponent(version)}`, 'lastAffected=0.0.1', 'introduced=0.0.1'].map((fixed) => ({
      fixed_in_version: fixed,
    })),
  advisories: {},
};

/** npm: the range and FixedInVersion the osv updater makes of an advisory's SEMVER events. */
function semverRow(...events: RangeEvent[]): VersionFields {
  const [encoded] = semverRanges(events);
  if (encoded?.range === undefined) throw new Error(`no range for ${JSON.stringify(events)}`);
  const bound = (v: readonly number[]) => `${encoded.range?.kind}:${v.join('.')}`;
  return {
    fixed_in_version: encoded.fixedInVersion,
    range: { '[': bound(encoded.range.lower), ')': bound(encoded.range.upper) },
  };
}

const SEMVER_ROWS: RowRule = {
  decoys: (version) => [
    semverRow({ kind: 'introduced', version: '0' }, { kind: 'fixed', version }),
    semverRow({ kind: 'introduced', version: '0' }, { kind: 'last_affected', version: '0.0.1' }),
    semverRow({ kind: 'introduced', version: '0.0.1' }),
  ],
  advisories: {
    // github/advisory-database GHSA-p8p7-x288-28g6.json: request, introduced 0, last_affected 2.88.2.
    'GHSA-p8p7-x288-28g6': semverRow(
      { kind: 'introduced', version: '0' },
      { kind: 'last_affected', version: '2.88.2' },
    ),
  },
};
type Case = {
  readonly report: IndexReport;
  readonly advisories: readonly WireVuln[];
  readonly want: Readonly<Record<string, readonly string[]>>;
};

/**
 * A claircore case, plus the decoys of its language's rows: claircore's own candidates all match,
 * so without them a matcher that matched everything would pass.
 */
function claircoreCase(file: string, rows: RowRule): Case {
  const sections = readTxtar(join(TESTDATA, 'claircore', file));
  const database = resolveSection(sections, 'Database') as { vulnerabilities: Record<string, WireVuln[]> };
  const report = resolveSection(sections, 'IndexReport') as IndexReport;
  const want = resolveSection(sections, 'Want') as { package_vulnerabilities: Record<string, string[]> };
  const byId = new Map(
    Object.values(database.vulnerabilities)
      .flat()
      .map((v) => [v.id, { ...v, ...rows.advisories[v.name] }]),
  );
  const template = [...byId.values()][0] as WireVuln;
  // Only the language's own packages: the case's RPMs are no business of its matcher.
  const ecosystem = Object.values(report.packages).filter((pkg) =>
    (report.environments[pkg.id] ?? []).some((env) =>
      (env.repository_ids ?? []).some((r) => report.repository[r]?.name === template.repository?.name),
    ),
  );
  const decoys = ecosystem.flatMap((pkg) =>
    rows.decoys(pkg.version).map((fields, i) => ({
      ...template,
      id: `decoy-${pkg.id}-${i}`,
      name: `DECOY-${i}`,
      package: { ...template.package, name: pkg.name },
      ...fields,
    })),
  );
  const wanted = Object.fromEntries(
    ecosystem.map((pkg) => [pkg.id, [...(want.package_vulnerabilities[pkg.id] ?? []), `decoy-${pkg.id}-2`]]),
  );
  return {
    report: {
      ...report,
      // The npm case's report has no distributions at all, which Go reads as an empty map.
      distributions: report.distributions ?? {},
      state: 'IndexFinished',
      success: true,
      err: '',
    },
    advisories: [...byId.values(), ...decoys],
    want: wanted,
  };
}

/** A wire vulnerability as stored data, read the way an updater bundle line is. */
const asRecord = (v: WireVuln): Vulnerability => {
  const record = decodeRecord(
    JSON.stringify({ Updater: v.updater, Ref: 'case', Vuln: v }),
    `vulnerability ${v.id}`,
  );
  if (record.kind !== 'vulnerability') throw new Error(`vulnerability ${v.id} is not one`);
  return record.vulnerability;
};

const key = (v: { name: string; fixed_in_version?: string; package: { name: string } }) =>
  `${v.package.name} ${v.name} ${v.fixed_in_version ?? ''}`;

describe('language package reports', () => {
  let store: OpenTestDatabase;
  let db: pg.Pool;
  const { log } = captureLog();
  before(async () => {
    store = await openTestDatabase(log);
    db = store.db;
  });
  after(() => store.close());
  beforeEach(() => clearUpdates(db));

  for (const [file, rows] of [
    ['python-RHEL8.txtar', QUERY_ROWS],
    ['java-Jackson-Databind.txtar', QUERY_ROWS],
    ['ruby-BullseyeRuby.txtar', QUERY_ROWS],
    ['nodejs-Splunk.txtar', SEMVER_ROWS],
  ] as const) {
    it(`matches claircore's ${file} case exactly`, async () => {
      const c = claircoreCase(file, rows);
      const updaters = Map.groupBy(c.advisories, (v) => v.updater);
      for (const [updater, advisories] of updaters)
        await storeVulnerabilities(db, updater, advisories.map(asRecord));
      await storeIndexReport(db, c.report);
      const { status, report } = await getVulnerabilityReport(db, log, c.report.manifest_hash);
      assert.equal(status, 200);
      assert.ok(report !== undefined);
      const fixtureKey = new Map(c.advisories.map((v) => [v.id, key(v)]));
      const got = Object.fromEntries(
        Object.entries(report.package_vulnerabilities).map(([pkg, ids]) => [
          pkg,
          ids.map((id) => key(report.vulnerabilities[id] as WireVuln)).sort(),
        ]),
      );
      const want = Object.fromEntries(
        Object.entries(c.want).map(([pkg, ids]) => [pkg, ids.map((id) => fixtureKey.get(id) ?? id).sort()]),
      );
      assert.deepEqual(got, want);
      assert.ok(Object.keys(want).length > 0);
    });
  }
});

describe('Go module reports', () => {
  let store: OpenTestDatabase;
  const { log } = captureLog();
  const report = JSON.parse(
    readFileSync(join(TESTDATA, 'rhacs-main-rhel8-go.index.json'), 'utf8'),
  ) as IndexReport;
  const advisories = JSON.parse(
    readFileSync(
      join(import.meta.dirname, '..', '..', 'unit', 'ecosystems', 'osv', 'testdata', 'go.want.json'),
      'utf8',
    ),
  ) as Vulnerability[];
  before(async () => {
    store = await openTestDatabase(log);
    await storeVulnerabilities(store.db, 'osv/go', advisories);
  });
  after(() => store.close());

  /** The report's package of that name at another version, as a separate manifest. */
  const variant = (versions: Readonly<Record<string, string>>, n: number): IndexReport => ({
    ...report,
    manifest_hash: `sha256:${String(n).padStart(64, '0')}`,
    packages: Object.fromEntries(
      Object.entries(report.packages).map(([id, p]) => [
        id,
        { ...p, version: versions[p.name] ?? p.version },
      ]),
    ),
  });
  const matched = async (r: IndexReport): Promise<Record<string, string[]>> => {
    await storeIndexReport(store.db, r);
    const { report: body } = await getVulnerabilityReport(store.db, log, r.manifest_hash);
    assert.ok(body !== undefined);
    return Object.fromEntries(
      Object.entries(body.package_vulnerabilities).map(([id, ids]) => [
        `${body.packages[id]?.name}@${body.packages[id]?.version}`,
        ids.map((v) => body.vulnerabilities[v]?.name ?? '').sort(),
      ]),
    );
  };

  it('matches the 440 modules of the image: only the advisory open at every version hits', async () => {
    assert.deepEqual(await matched(report), { 'github.com/aws/aws-sdk-go@v1.55.5': ['GO-2022-0646'] });
  });

  it('compares the fixed version itself, so a pseudo-version before a fix is vulnerable', async () => {
    const older = variant(
      {
        'golang.org/x/text': 'v0.3.6',
        'golang.org/x/net': 'v0.0.0-20220722155237-a158d28d115b',
        stdlib: '1.19.0',
      },
      1,
    );
    assert.deepEqual(await matched(older), {
      'github.com/aws/aws-sdk-go@v1.55.5': ['GO-2022-0646'],
      'golang.org/x/net@v0.0.0-20220722155237-a158d28d115b': ['GO-2022-0969'],
      'golang.org/x/text@v0.3.6': ['GO-2021-0113'],
      'stdlib@1.19.0': ['GO-2022-0969'],
    });
  });

  it('leaves versions at or after the fix alone, pseudo-versions included', async () => {
    const fixed = variant(
      {
        'golang.org/x/text': 'v0.3.7',
        'golang.org/x/net': 'v0.0.0-20220906165146-f3363e06e74c',
        stdlib: '1.19.1',
        'github.com/gin-gonic/gin': 'v1.6.0',
      },
      2,
    );
    assert.deepEqual(await matched(fixed), { 'github.com/aws/aws-sdk-go@v1.55.5': ['GO-2022-0646'] });
  });
});
