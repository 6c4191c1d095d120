import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { UpdatersConfig } from '../config/types.ts';
import { UPDATE_LEASES, withLease } from '../db/lease.ts';
import { InvalidInputError, withContext } from '../errors.ts';
import type { Logger } from '../log.ts';
import { collectGarbage } from './store/gc.ts';
import { storeDeltaUpdate } from './store/store-delta-update.ts';
import { storeEnrichments } from './store/store-enrichments.ts';
import type { StoredUpdate } from './store/store-operation.ts';
import { storeUpdate } from './store/store-update.ts';
import { latestFingerprint } from './store/update-operations.ts';
import { recordUpdaterStatus } from './store/updater-status.ts';
import type { AnyUpdater, UpdaterContext, UpdaterSetFactory, UpdaterSpec } from './types.ts';

export type UpdateDeps = {
  readonly db: pg.Pool;
  readonly factories: ReadonlyMap<string, UpdaterSetFactory<AnyUpdater>>;
  readonly updaters: UpdatersConfig;
  /** matcher.update_retention: operations kept per updater; 0 keeps them all. */
  readonly retention: number;
  readonly log: Logger;
};

export type UpdateOutcome = {
  readonly updater: string;
  readonly status: 'updated' | 'unchanged' | 'skipped';
  /** The new operation, when updated. */
  readonly ref?: string;
};

// A run may take the function's whole 15 minutes; the lease is renewed while it goes on.
const LEASE_MS = 16 * 60_000;
const RENEW_MS = 60_000;

/** The updater a spec names, built by its set's factory with that set's configuration. */
export function buildUpdater(
  spec: UpdaterSpec,
  deps: Pick<UpdateDeps, 'factories' | 'updaters'>,
): AnyUpdater {
  const factory = deps.factories.get(spec.set);
  if (factory === undefined)
    throw new InvalidInputError(`updater ${spec.name}: no updater set is named ${JSON.stringify(spec.set)}`);
  return factory.build(spec, deps.updaters.config[spec.set] ?? {});
}

/**
 * One updater run, under its lease (an overlapping run skips): fetch if the feed changed since
 * the last operation's fingerprint, store the parse as a new operation in one transaction, then
 * collect operations beyond the retention. The outcome and any error go to updater_status.
 */
export async function runUpdater(
  spec: UpdaterSpec,
  deps: UpdateDeps,
  signal: AbortSignal,
  owner: string,
): Promise<UpdateOutcome> {
  const updater = buildUpdater(spec, deps);
  const log = deps.log.child({ updater: spec.name });
  const lease = {
    ttlMs: LEASE_MS,
    renewMs: RENEW_MS,
    onLost: (err?: unknown) => log.warn('update lease lost', { err }),
  };
  const done = await withLease(deps.db, UPDATE_LEASES, spec.name, owner, lease, () =>
    fetchAndStore(updater, deps, signal, log),
  );
  if (done === undefined) {
    log.info('update skip', { reason: 'another run of this updater is in progress' });
    return { updater: spec.name, status: 'skipped' };
  }
  return done.value;
}

async function fetchAndStore(
  updater: AnyUpdater,
  deps: UpdateDeps,
  signal: AbortSignal,
  log: Logger,
): Promise<UpdateOutcome> {
  const started = Date.now();
  const tmpDir = await mkdtemp(join(tmpdir(), 'clairless-update-'));
  const ctx = { signal, log, tmpDir };
  let fingerprint: string | undefined;
  try {
    const kind = updater.kind === 'enrichment' ? 'enrichment' : 'vulnerability';
    const fetched = await updater.fetch(await latestFingerprint(deps.db, updater.name, kind), ctx);
    if (fetched.unchanged) {
      await recordUpdaterStatus(deps.db, updater.name, { fingerprint: undefined, error: undefined });
      log.info('update skip unchanged', { duration_ms: Date.now() - started });
      return { updater: updater.name, status: 'unchanged' };
    }
    fingerprint = fetched.fingerprint;
    const stored = await store(deps.db, updater, fetched.fingerprint, fetched.file, ctx);
    await recordUpdaterStatus(deps.db, updater.name, { fingerprint, error: undefined });
    const gc = deps.retention > 0 ? await collectGarbage(deps.db, updater.name, deps.retention) : undefined;
    log.info('update done', {
      ref: stored.ref,
      fetched_bytes: fetched.bytes,
      parsed: stored.parsed,
      inserted: stored.inserted,
      unchanged: stored.parsed - stored.inserted,
      ...(stored.kept === undefined ? {} : { kept: stored.kept }),
      gc_operations: gc?.operations ?? 0,
      gc_vulnerabilities: gc?.vulnerabilities ?? 0,
      gc_enrichments: gc?.enrichments ?? 0,
      duration_ms: Date.now() - started,
    });
    return { updater: updater.name, status: 'updated', ref: stored.ref };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await recordUpdaterStatus(deps.db, updater.name, { fingerprint, error: message });
    throw withContext(err, `updater ${updater.name}`);
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/** The parse of the fetched file stored as a new operation of the updater's kind. */
function store(
  db: pg.Pool,
  updater: AnyUpdater,
  fingerprint: string,
  file: string,
  ctx: UpdaterContext,
): Promise<StoredUpdate> {
  switch (updater.kind) {
    case 'enrichment':
      return storeEnrichments(db, updater.name, fingerprint, updater.parse(file, ctx));
    case 'delta':
      return storeDeltaUpdate(db, updater.name, fingerprint, updater.parse(file, ctx));
    default:
      return storeUpdate(db, updater.name, fingerprint, updater.parse(file, ctx));
  }
}
