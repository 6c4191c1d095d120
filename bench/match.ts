// Vulnerability report latency: a matcher database of over 500k vulnerability rows (the Alpine
// v3.10 secdb and the OSV Go advisories from the fixtures, plus generated Debian tracker records)
// and a Debian 12 image of 400 binary packages built from 160 source packages, as images are
// (several binaries per source), each source with 25 candidate advisories. Reports go
// through the whole matcher-api handler; the SQL statements per report are counted. Baseline, in
// the same run: the same candidates fetched with one query per package, as a naive planner would.
// Then an RPM image: claircore's rhacs-main-rhel8 index report (rpm packages from the BaseOS and
// AppStream CPE repositories) against generated Red Hat VEX records, matched by the rhel matcher.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { parseConfig } from '../lib/config/load.ts';
import { migrate } from '../lib/db/migrate.ts';
import { openPool } from '../lib/db/pool.ts';
import { parseSecdb, secdbVulnerabilities } from '../lib/ecosystems/alpine/secdb.ts';
import { debianRelease } from '../lib/ecosystems/debian/distribution-scanner.ts';
import type { IndexReport, WirePackage } from '../lib/indexer/index-report.ts';
import { lambdaContext } from '../lib/local/lambda-context.ts';
import { startEmbeddedPostgres } from '../lib/local/postgres.ts';
import { createLogger } from '../lib/log.ts';
import { createMatcherApi } from '../lib/matcher/api.ts';
import { storeUpdate } from '../lib/updater/store/store-update.ts';
import type { Vulnerability } from '../lib/updater/types.ts';
import { apiEvent } from '../test/helpers/events.ts';
import { freePort } from '../test/helpers/free-port.ts';
import { storeIndexReport } from '../test/helpers/matcher.ts';
import { random } from '../test/helpers/prng.ts';
import rhacsReport from '../test/integration/matcher/testdata/rhacs-main-rhel8.index.json' with {
  type: 'json',
};
import { secdbJson } from '../test/unit/ecosystems/alpine/secdb-yaml.ts';
import goAdvisories from '../test/unit/ecosystems/osv/testdata/go.want.json' with { type: 'json' };

const SOURCES = 20_000;
const ISSUES_PER_SOURCE = 25;
const IMAGE_PACKAGES = 400;
const IMAGE_SOURCES = 160;
const REPORTS = 300;
const WARM_UP = 30;

const BOOKWORM = debianRelease('12', 'bookworm');

/**
 * Generated tracker records: 25 issues per source package, 80% fixed at versions 1.0-1 to 1.49-1
 * (so about a tenth above the image's 1.45-1), the rest open or never affected.
 */
async function* debianRecords(): AsyncGenerator<Vulnerability> {
  const r = random(7);
  for (let s = 0; s < SOURCES; s++) {
    for (let i = 0; i < ISSUES_PER_SOURCE; i++) {
      const fixed = [`1.${r.int(50)}-1`, '', '0'][r.int(10) < 8 ? 0 : r.int(2) + 1] as string;
      yield {
        name: `CVE-20${10 + (i % 15)}-${100_000 + s * ISSUES_PER_SOURCE + i}`,
        description: `A flaw in source-${s}: a crafted input may lead to a denial of service (issue ${i}).`,
        issued: undefined,
        links: `https://security-tracker.debian.org/tracker/CVE-${s}-${i}`,
        severity: 'medium',
        normalizedSeverity: 'High',
        package: { name: `source-${s}`, version: '', module: '', arch: '', kind: 'source' },
        dist: BOOKWORM,
        repo: undefined,
        fixedInVersion: fixed,
        archOperation: '',
        range: undefined,
      };
    }
  }
}

const RHEL_NAMES = 20_000;
const RHEL_ISSUES_PER_NAME = 10;
// The products Red Hat's VEX documents name for RHEL 8 and 9, as the updater stores them.
const RHEL_PRODUCTS = [
  'cpe:2.3:o:redhat:enterprise_linux:8:*:*:*:*:*:*:*',
  'cpe:2.3:o:redhat:enterprise_linux:8:*:baseos:*:*:*:*:*',
  'cpe:2.3:a:redhat:enterprise_linux:8:*:appstream:*:*:*:*:*',
  'cpe:2.3:o:redhat:enterprise_linux:9:*:baseos:*:*:*:*:*',
];

/**
 * Generated rhel-vex records: 10 CVEs for each rpm name of the image and for 20,000 other names;
 * per CVE and product, 70% fixed at a release around the image's, 20% known affected (by source
 * name), 10% known not affected.
 */
async function* rhelRecords(image: IndexReport): AsyncGenerator<Vulnerability> {
  const r = random(11);
  const installed = new Map(
    Object.values(image.packages)
      .filter((p) => /\.el\d/.test(p.version))
      .map((p) => [p.name, p.version]),
  );
  const names = [...installed.keys(), ...Array.from({ length: RHEL_NAMES }, (_, i) => `rpm-${i}`)];
  for (const [n, name] of names.entries()) {
    const version = installed.get(name) ?? '1.0-1.el8';
    for (let i = 0; i < RHEL_ISSUES_PER_NAME; i++) {
      const repo = RHEL_PRODUCTS[r.int(RHEL_PRODUCTS.length)] as string;
      const roll = r.int(10);
      const fixed = version.replace(/(\d+)(?!.*\d)/, (d) => String(Math.max(0, Number(d) + r.int(5) - 2)));
      yield {
        name: `CVE-2026-${100_000 + n * RHEL_ISSUES_PER_NAME + i}`,
        description: `A flaw in ${name} (issue ${i}).`,
        issued: '2026-10-01T00:00:00Z',
        links: `https://access.redhat.com/security/cve/CVE-2026-${n}-${i}`,
        severity: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H',
        normalizedSeverity: 'Medium',
        package: {
          name,
          version: '',
          module: '',
          arch: roll < 7 ? 'x86_64|amd64' : '',
          kind: roll >= 7 && roll < 9 ? 'source' : 'binary',
        },
        dist: undefined,
        repo: { name: repo, key: 'rhel-cpe-repository', uri: '' },
        fixedInVersion: roll < 7 ? fixed : '',
        archOperation: roll < 7 ? 'pattern match' : '',
        range: undefined,
        invert: roll === 9,
      };
    }
  }
}

async function* each<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

/** A Debian 12 image of 400 binary packages at version 1.45-1, from 160 of the generated sources. */
function imageReport(): IndexReport {
  const digest = `sha256:${'b'.repeat(64)}`;
  const packages: Record<string, WirePackage> = {};
  for (let i = 0; i < IMAGE_PACKAGES; i++) {
    const id = String(i + 1);
    const s = (i % IMAGE_SOURCES) * 125;
    const source = `source-${s}`;
    packages[id] = {
      id,
      name: `lib${source}-${i}`,
      version: '1.45-1',
      kind: 'binary',
      source: {
        id: String(100_000 + s),
        name: source,
        version: '1.45-1',
        kind: 'source',
        normalized_version: '',
        cpe: '',
      },
      normalized_version: '',
      arch: 'amd64',
      cpe: '',
    };
  }
  const env = {
    package_db: 'var/lib/dpkg/status',
    introduced_in: digest,
    distribution_id: '1',
    repository_ids: null,
  };
  return {
    manifest_hash: digest,
    state: 'IndexFinished',
    packages,
    distributions: {
      '1': {
        id: '1',
        did: BOOKWORM.did,
        name: BOOKWORM.name,
        version: BOOKWORM.version,
        version_code_name: BOOKWORM.versionCodeName,
        version_id: BOOKWORM.versionId,
        arch: '',
        cpe: '',
        pretty_name: BOOKWORM.prettyName,
      },
    },
    repository: {},
    environments: Object.fromEntries(Object.keys(packages).map((id) => [id, [env]])),
    success: true,
    err: '',
  };
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

async function timed(runs: number, fn: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

/** A pool that counts the statements sent through it. */
function counting(db: pg.Pool): { pool: pg.Pool; count: () => number } {
  let n = 0;
  const pool = new Proxy(db, {
    get(target, key, receiver) {
      if (key !== 'query') return Reflect.get(target, key, receiver);
      return (...args: unknown[]) => {
        n++;
        return (target.query as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
  return { pool, count: () => n };
}

type Measured = {
  readonly cold: { times: number[]; statements: number };
  readonly warm: { times: number[]; statements: number };
  /** The baseline: one candidate query per package name, sent one after the other. */
  readonly perPackage: number[];
  readonly statements: number;
  readonly matched: number;
  readonly distinct: number;
  readonly bytes: number;
};

/**
 * Reports of one stored image through the matcher-api handler, cold (a new handler each) and
 * warm (one handler), beside the baseline query sent once per package and source name.
 */
async function measureReports(db: pg.Pool, report: IndexReport, baselineSql: string): Promise<Measured> {
  const log = createLogger({ level: 'warn' });
  const { pool, count } = counting(db);
  const config = parseConfig('', 'bench.yaml', {}).config;
  const event = apiEvent({ path: `/matcher/api/v1/vulnerability_report/${report.manifest_hash}` });
  let body = '';
  const reportTime = async (api: ReturnType<typeof createMatcherApi>): Promise<number> => {
    const start = performance.now();
    const res = await api(event, lambdaContext('matcher-api', 30_000));
    const ms = performance.now() - start;
    if (res.statusCode !== 200) throw new Error(`report answered ${res.statusCode}: ${res.body}`);
    body = res.body ?? '';
    return ms;
  };
  // Cold: a new handler per report, as a fresh Lambda container or the first report after an
  // update has it, so every candidate and vulnerability is read from the database.
  const series = async (runs: number, api: () => ReturnType<typeof createMatcherApi>) => {
    const times: number[] = [];
    const before = count();
    for (let i = 0; i < runs; i++) times.push(await reportTime(api()));
    return { times: times.sort((a, b) => a - b), statements: (count() - before) / runs };
  };
  const fresh = () => createMatcherApi({ config, log, db: pool });
  await series(WARM_UP, fresh);
  const cold = await series(REPORTS / 3, fresh);
  const kept = fresh();
  await reportTime(kept);
  const warm = await series(REPORTS, () => kept);
  const answer = JSON.parse(body) as { vulnerabilities: object; package_vulnerabilities: object };
  const names = [...new Set(Object.values(report.packages).flatMap((p) => [p.name, p.source?.name ?? '']))];
  const perPackage = await timed(REPORTS / 30, async () => {
    for (const name of names) await db.query(baselineSql, [name]);
  });
  return {
    cold,
    warm,
    perPackage,
    statements: names.length,
    matched: Object.values(answer.package_vulnerabilities).flat().length,
    distinct: Object.keys(answer.vulnerabilities).length,
    bytes: body.length,
  };
}

function printMeasured(title: string, m: Measured): void {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const line = (label: string, s: { times: number[]; statements: number }) =>
    `  ${label.padEnd(16)} p50 ${ms(percentile(s.times, 50))}, p95 ${ms(percentile(s.times, 95))} over ${s.times.length} reports; ${s.statements.toFixed(1)} SQL statements per report`;
  const base = percentile(m.perPackage, 50);
  process.stdout.write(
    [
      `${title}; per report ${m.matched} matches of ${m.distinct} vulnerabilities, ${(m.bytes / 1e6).toFixed(1)} MB`,
      line('cold caches', m.cold),
      line('warm caches', m.warm),
      `  per-package SQL  p50 ${ms(base)}, p95 ${ms(percentile(m.perPackage, 95))} for the candidate queries alone (${m.statements} statements)`,
      `  ratio            cold ${(percentile(m.cold.times, 50) / base).toFixed(2)}x, warm ${(percentile(m.warm.times, 50) / base).toFixed(3)}x the per-package queries' p50`,
      '  target           p50 < 25 ms, p95 < 80 ms',
      '',
    ].join('\n'),
  );
}

const LATEST = 'l.uo IN (SELECT max(id) FROM matcher.update_operation GROUP BY updater)';

export async function benchMatch(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'clairless-bench-match-'));
  await chmod(dataDir, 0o755);
  const log = createLogger({ level: 'warn' });
  const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), log });
  const db = openPool(postgres.url, { maxConnections: 8, log });
  try {
    await migrate(db, log);
    const rhel = rhacsReport as unknown as IndexReport;
    const loadStart = performance.now();
    const alpine = secdbVulnerabilities(parseSecdb(secdbJson('v3.10/main.yaml'), 'v3.10/main.json'), '3.10');
    await storeUpdate(db, 'alpine-main-v3.10-updater', 'bench', each(alpine));
    await storeUpdate(db, 'osv/go', 'bench', each(goAdvisories as unknown as Vulnerability[]));
    await storeUpdate(db, 'debian/updater', 'bench', debianRecords());
    await storeUpdate(db, 'rhel-vex', 'bench', rhelRecords(rhel));
    // As autovacuum leaves a table some time after a bulk load: statistics and visibility map set.
    await db.query('VACUUM ANALYZE');
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM matcher.vuln');
    const vulnRows = Number(rows[0]?.n);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    process.stdout.write(
      `\nmatch: ${vulnRows.toLocaleString('en')} vulnerability rows (loaded in ${loadSeconds.toFixed(0)} s)\n`,
    );

    const debian = imageReport();
    await storeIndexReport(db, debian);
    printMeasured(
      `  Debian 12 image of ${IMAGE_PACKAGES} packages`,
      await measureReports(
        db,
        debian,
        `SELECT v.* FROM matcher.vuln v JOIN matcher.uo_vuln l ON l.vuln = v.id
         WHERE ${LATEST} AND v.package_name = $1 AND v.dist_id = 'debian' AND v.dist_version_id = '12'`,
      ),
    );
    await storeIndexReport(db, rhel);
    const rpms = Object.values(rhel.packages).filter((p) => /\.el\d/.test(p.version)).length;
    printMeasured(
      `  RHEL 8 image (claircore's rhacs-main-rhel8: ${rpms} rpm packages, ${Object.keys(rhel.packages).length} in all)`,
      await measureReports(
        db,
        rhel,
        `SELECT v.* FROM matcher.vuln v JOIN matcher.uo_vuln l ON l.vuln = v.id
         WHERE ${LATEST} AND v.package_name = $1 AND v.repo_key = 'rhel-cpe-repository'`,
      ),
    );
  } finally {
    await db.end();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
