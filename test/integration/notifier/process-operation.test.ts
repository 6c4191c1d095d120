// Making notification sets from update operations, over a real PostgreSQL: which diff, which
// manifests, summary and full modes, the first operation, and never two sets for one operation.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type pg from 'pg';
import { parseConfig } from '../../../lib/config/load.ts';
import { processOperation } from '../../../lib/notifier/process-operation.ts';
import { notificationPage } from '../../../lib/notifier/store/notification-pages.ts';
import type { Vulnerability } from '../../../lib/updater/types.ts';
import { clearUpdates, type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { indexDebianManifest } from '../../helpers/indexed-manifest.ts';
import { captureLog } from '../../helpers/log.ts';
import { storeVulnerabilities } from '../../helpers/matcher.ts';
import { vuln } from '../../helpers/ndjson-updater.ts';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

const severe = (name: string, pkg: string, fixed: string, severity: Vulnerability['normalizedSeverity']) => ({
  ...vuln(name, pkg, fixed),
  normalizedSeverity: severity,
});

describe('notification sets of update operations', () => {
  let store: OpenTestDatabase;
  let db: pg.Pool;
  const { log, entries } = captureLog();
  const deps = (yaml = '') => ({ db, log, config: parseConfig(yaml, 'test.yaml', {}).config });
  const reasons = async (setId: string) =>
    (await notificationPage(db, setId, undefined, 100))
      .map((n) => `${n.manifest.slice(7, 8)} ${n.reason} ${n.vulnerability.name} ${n.vulnerability.severity}`)
      .sort();

  before(async () => {
    store = await openTestDatabase(log);
    db = store.db;
    await indexDebianManifest(db, A, [
      { name: 'libssl3', version: '3.0.11-1', source: 'openssl' },
      { name: 'zlib1g', version: '1:1.2.13.dfsg-1', source: 'zlib' },
    ]);
    await indexDebianManifest(db, B, [{ name: 'libssl3', version: '3.0.14-1', source: 'openssl' }]);
  });
  after(() => store.close());
  beforeEach(async () => {
    await clearUpdates(db);
    await db.query('TRUNCATE notifier.notification_set CASCADE');
    entries.length = 0;
  });

  it("notifies nothing for an updater's first operation, unless notifier.notify_first_update", async () => {
    const first = await storeVulnerabilities(db, 'debian/updater', [vuln('CVE-1', 'openssl', '')]);
    const set = await processOperation(deps(), 'debian/updater', first);
    assert.deepEqual([set?.status, set?.notifications], ['delivered', 0]);
    await db.query('TRUNCATE notifier.notification_set CASCADE');
    const again = await processOperation(
      deps('notifier: {notify_first_update: true}'),
      'debian/updater',
      first,
    );
    assert.deepEqual([again?.status, again?.notifications], ['created', 2]);
  });

  it('summarises each manifest by its most severe change, added or removed', async () => {
    await storeVulnerabilities(db, 'debian/updater', [severe('CVE-OLD', 'zlib', '', 'Low')]);
    const cur = await storeVulnerabilities(db, 'debian/updater', [
      severe('CVE-LOW', 'openssl', '3.0.13-1', 'Low'),
      severe('CVE-HIGH', 'openssl', '3.0.13-1', 'High'),
      severe('CVE-FIXED-FOR-B', 'openssl', '3.0.12-1', 'Critical'),
    ]);
    const set = await processOperation(deps(), 'debian/updater', cur);
    assert.ok(set !== undefined);
    // A: CVE-LOW, CVE-HIGH, CVE-FIXED-FOR-B added and CVE-OLD removed: the Critical one wins.
    // B (openssl 3.0.14-1) is fixed for all: nothing.
    assert.deepEqual(await reasons(set.id), ['a added CVE-FIXED-FOR-B Critical']);
  });

  it('lists every (manifest, vulnerability, reason) with notifier.disable_summary', async () => {
    await storeVulnerabilities(db, 'debian/updater', [severe('CVE-OLD', 'zlib', '', 'Low')]);
    const cur = await storeVulnerabilities(db, 'debian/updater', [
      severe('CVE-NEW', 'openssl', '', 'Medium'),
    ]);
    const set = await processOperation(deps('notifier: {disable_summary: true}'), 'debian/updater', cur);
    assert.ok(set !== undefined);
    assert.deepEqual(await reasons(set.id), [
      'a added CVE-NEW Medium',
      'a removed CVE-OLD Low',
      'b added CVE-NEW Medium',
    ]);
  });

  it('makes one set per operation however often its job comes, even at once', async () => {
    await storeVulnerabilities(db, 'debian/updater', []);
    const cur = await storeVulnerabilities(db, 'debian/updater', [vuln('CVE-1', 'openssl', '')]);
    const sets = await Promise.all([1, 2, 3].map(() => processOperation(deps(), 'debian/updater', cur)));
    assert.equal(new Set(sets.map((s) => s?.id)).size, 1);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM notifier.notification');
    assert.equal(rows[0]?.n, 2);
  });

  it("reports an operation's own changes even after a newer operation landed", async () => {
    await storeVulnerabilities(db, 'debian/updater', []);
    const second = await storeVulnerabilities(db, 'debian/updater', [vuln('CVE-2', 'openssl', '')]);
    await storeVulnerabilities(db, 'debian/updater', [
      vuln('CVE-2', 'openssl', ''),
      vuln('CVE-3', 'openssl', ''),
    ]);
    const set = await processOperation(deps(), 'debian/updater', second);
    assert.ok(set !== undefined);
    assert.deepEqual(await reasons(set.id), ['a added CVE-2 High', 'b added CVE-2 High']);
  });

  it('skips an operation that no longer exists, or is not a vulnerability operation', async () => {
    const set = await processOperation(deps(), 'debian/updater', '6ba7b810-9dad-11d1-80b4-00c04fd430c8');
    assert.equal(set, undefined);
    assert.ok(entries.some((e) => e.msg === 'notify skip'));
  });
});
