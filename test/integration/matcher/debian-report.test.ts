// Acceptance: claircore's Debian 10 index report, stored as the indexer stores reports, against a
// security tracker feed for buster run through the real Debian updater. Every package must be
// reported vulnerable to exactly the entries of its source package that are open or whose fixed
// version is above the installed one by `dpkg --compare-versions`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { debianUpdaterSet } from '../../../lib/ecosystems/debian/updater.ts';
import type { IndexReport, WirePackage } from '../../../lib/indexer/index-report.ts';
import { dpkgCompare } from '../../helpers/dpkg.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { captureLog } from '../../helpers/log.ts';
import { getVulnerabilityReport, storeIndexReport } from '../../helpers/matcher.ts';
import { random } from '../../helpers/prng.ts';
import { updaterEngine } from '../../helpers/updater-context.ts';

const REPORT = JSON.parse(
  readFileSync(join(import.meta.dirname, 'testdata', 'docker.io-library-debian-10.index.json'), 'utf8'),
) as IndexReport;

const DPKG = spawnSync('dpkg', ['--version']).status === 0;

const sourceName = (p: WirePackage): string => (p.source?.name ? p.source.name : p.name);

type Release = { status: string; fixed_version?: string; urgency: string };

/**
 * A tracker document for buster naming every source package of the image: per package, issues
 * fixed below, at and above the installed version (revision, upstream, epoch and tilde edits),
 * open, undetermined and never affected ("0").
 */
function trackerFeed(): Record<
  string,
  Record<string, { description: string; releases: Record<string, Release> }>
> {
  const r = random(10);
  const feed: Record<string, Record<string, { description: string; releases: Record<string, Release> }>> = {};
  let cve = 1000;
  for (const pkg of Object.values(REPORT.packages)) {
    const source = sourceName(pkg);
    const v = pkg.version;
    const fixes = [
      v,
      `${v}+deb10u1`,
      `${v}~deb10u1`,
      v.replace(/^(\d+)/, (d) => String(Number(d) + 1)),
      v.replace(/^(\d+)/, (d) => String(Math.max(0, Number(d) - 1))),
      `1:${v.replace(/^\d+:/, '')}`,
      '0',
    ];
    const issues = feed[source] ?? {};
    feed[source] = issues;
    for (const fixed of [fixes[r.int(fixes.length)], fixes[r.int(fixes.length)], undefined]) {
      const status = fixed === undefined ? (r.int(2) === 0 ? 'open' : 'undetermined') : 'resolved';
      issues[`CVE-2026-${cve++}`] = {
        description: `an issue in ${source}`,
        releases: {
          buster: { status, ...(fixed === undefined ? {} : { fixed_version: fixed }), urgency: 'medium' },
          bookworm: { status: 'resolved', fixed_version: '0', urgency: 'low' },
        },
      };
    }
  }
  return feed;
}

describe('vulnerability report of a Debian 10 image', {
  skip: DPKG ? false : 'dpkg not found: install the dpkg package to run this test',
}, () => {
  let feeds: FeedServer;
  const feed = trackerFeed();
  before(async () => {
    feeds = await startFeedServer();
    feeds.set('/tracker/data/json', { body: JSON.stringify(feed) });
  });
  after(() => feeds.close());
  const engine = updaterEngine(debianUpdaterSet, 'debian/updater', () => ({
    json_url: `${feeds.url}/tracker/data/json`,
    releases: { buster: '10' },
  }));

  it('lists exactly the open entries and those fixed above the installed version', async () => {
    await engine.run();
    await storeIndexReport(engine.db, REPORT);
    const { status, report } = await getVulnerabilityReport(
      engine.db,
      captureLog().log,
      REPORT.manifest_hash,
    );
    assert.equal(status, 200);
    assert.ok(report !== undefined);

    const packages = Object.values(REPORT.packages);
    const pairs = packages.flatMap((pkg) =>
      Object.values(feed[sourceName(pkg)] ?? {}).flatMap((issue) => {
        const fixed = issue.releases.buster?.fixed_version;
        return fixed === undefined || fixed === '0' ? [] : [[pkg.version, fixed] as const];
      }),
    );
    const lessThan = new Map(dpkgCompare(pairs).map((cmp, i) => [pairs[i]?.join(' '), cmp < 0]));
    let vulnerable = 0;
    for (const pkg of packages) {
      const want = Object.entries(feed[sourceName(pkg)] ?? {})
        .filter(([, issue]) => {
          const fixed = issue.releases.buster?.fixed_version;
          if (fixed === undefined) return true;
          return fixed !== '0' && lessThan.get(`${pkg.version} ${fixed}`) === true;
        })
        .map(([id]) => id)
        .sort();
      const got = (report.package_vulnerabilities[pkg.id] ?? [])
        .map((id) => report.vulnerabilities[id]?.name)
        .sort();
      assert.deepEqual(got, want, `${pkg.name} ${pkg.version} (source ${sourceName(pkg)})`);
      vulnerable += want.length;
    }
    assert.ok(vulnerable > packages.length, `only ${vulnerable} matches: the feed exercises too little`);
    for (const v of Object.values(report.vulnerabilities)) {
      assert.equal(v.distribution.version_id, '10');
      assert.equal(v.updater, 'debian/updater');
    }
  });
});
