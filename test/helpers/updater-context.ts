import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach } from 'node:test';
import type pg from 'pg';
import { runUpdater, type UpdateDeps, type UpdateOutcome } from '../../lib/updater/run-updater.ts';
import { getUpdateOperations, type UpdateOperation } from '../../lib/updater/store/update-operations.ts';
import type { DeltaUpdater, Updater, UpdaterContext, UpdaterSetFactory } from '../../lib/updater/types.ts';
import { clearUpdates, type OpenTestDatabase, openTestDatabase } from './database.ts';
import { captureLog } from './log.ts';

/** Runs fn with an updater context of its own: a temporary folder (removed after) and a captured log. */
export async function withUpdaterContext<T>(
  fn: (ctx: UpdaterContext, entries: Record<string, unknown>[]) => Promise<T>,
): Promise<T> {
  const tmpDir = await mkdtemp(join(tmpdir(), 'clairless-updater-'));
  const { log, entries } = captureLog();
  try {
    return await fn({ signal: new AbortController().signal, log, tmpDir }, entries);
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/** How many vulnerabilities the update operation `ref` links. */
export async function linkedCount(db: pg.Pool, ref: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT count(*) AS n FROM matcher.uo_vuln JOIN matcher.update_operation o ON o.id = uo WHERE o.ref = $1',
    [ref],
  );
  return Number(rows[0]?.n);
}

export type UpdaterEngine = {
  /** The migrated test database, emptied of update data before each test. */
  readonly db: pg.Pool;
  /** The engine's log entries of the current test. */
  readonly entries: Record<string, unknown>[];
  /** Discovers the set with config() and runs the updater named by the real engine. */
  run(): Promise<UpdateOutcome>;
  /** The updater's operations, newest first. */
  operations(): Promise<UpdateOperation[]>;
};

/**
 * One updater of a set run by the real update engine into a fresh database, for the tests of the
 * calling describe block (whose before, after and beforeEach hooks it registers).
 */
export function updaterEngine(
  set: UpdaterSetFactory<Updater | DeltaUpdater>,
  name: string,
  config: () => Readonly<Record<string, unknown>>,
): UpdaterEngine {
  const { log, entries } = captureLog();
  let store: OpenTestDatabase | undefined;
  const db = (): pg.Pool => {
    if (store === undefined) throw new Error('updaterEngine: the database is open only inside tests');
    return store.db;
  };
  before(async () => {
    store = await openTestDatabase(log);
  });
  after(() => store?.close());
  beforeEach(async () => {
    await clearUpdates(db());
    entries.length = 0;
  });
  const deps = (): UpdateDeps => ({
    db: db(),
    factories: new Map([[set.name, set]]),
    updaters: { sets: [set.name], config: { [set.name]: config() } },
    retention: 10,
    log,
  });
  return {
    get db() {
      return db();
    },
    entries,
    run: async () => {
      const specs = await withUpdaterContext((ctx) => set.discover(config(), ctx));
      const spec = specs.find((s) => s.name === name);
      if (spec === undefined) throw new Error(`updaterEngine: ${set.name} discovered no ${name}`);
      return runUpdater(spec, deps(), new AbortController().signal, 'test');
    },
    operations: async () => (await getUpdateOperations(db(), 'vulnerability', false))[name] ?? [],
  };
}
