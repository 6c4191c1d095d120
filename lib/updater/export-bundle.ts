import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../log.ts';
import { type BundleOperation, type BundleRecord, encodeRecord } from './bundle-record.ts';
import { discoverUpdaters } from './discover.ts';
import { buildUpdater, type UpdateDeps } from './run-updater.ts';
import type { AnyUpdater, UpdaterContext } from './types.ts';

export type ExportResult = { readonly exported: readonly string[]; readonly failed: readonly string[] };

/**
 * Runs every configured updater from scratch (no fingerprint) and writes what each parsed (its
 * vulnerabilities or enrichments) as one operation of a bundle, for an airgapped clairless to
 * import. Each operation is spooled whole before it goes into the bundle, so an updater that
 * fails midway is logged and left out entirely; the others are written.
 */
export async function exportBundle(
  out: Writable,
  deps: Pick<UpdateDeps, 'factories' | 'updaters'>,
  signal: AbortSignal,
  log: Logger,
): Promise<ExportResult> {
  const tmpDir = await mkdtemp(join(tmpdir(), 'clairless-export-'));
  const exported: string[] = [];
  const failed: string[] = [];
  try {
    for (const spec of await discoverUpdaters(deps, signal, tmpDir, log)) {
      const ctx = { signal, log: log.child({ updater: spec.name }), tmpDir };
      try {
        const updater = buildUpdater(spec, deps);
        const fetched = await updater.fetch(undefined, ctx);
        if (fetched.unchanged) continue;
        const operation: BundleOperation = {
          updater: spec.name,
          fingerprint: fetched.fingerprint,
          date: new Date().toISOString(),
          ref: randomUUID(),
        };
        let records = 0;
        const spool = join(tmpDir, `operation-${operation.ref}`);
        await pipeline(
          Readable.from(
            (async function* () {
              for await (const record of bundleRecords(updater, fetched.file, ctx, operation)) {
                records++;
                yield `${encodeRecord(record)}\n`;
              }
            })(),
          ),
          createWriteStream(spool),
        );
        await rm(fetched.file, { force: true });
        await pipeline(createReadStream(spool), out, { end: false });
        await rm(spool, { force: true });
        exported.push(spec.name);
        log.info('export updater done', { updater: spec.name, records });
      } catch (err) {
        failed.push(spec.name);
        log.error('export updater fail', { updater: spec.name, err });
      }
    }
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
  return { exported, failed };
}

/** What the updater parsed, as the records of one bundle operation of its kind. */
async function* bundleRecords(
  updater: AnyUpdater,
  file: string,
  ctx: UpdaterContext,
  operation: BundleOperation,
): AsyncGenerator<BundleRecord> {
  if (updater.kind === 'enrichment') {
    for await (const enrichment of updater.parse(file, ctx))
      yield { ...operation, kind: 'enrichment', enrichment };
  } else if (updater.kind === 'delta') {
    // Fetched with no fingerprint, a delta feed sends everything: the operation is whole.
    for await (const record of updater.parse(file, ctx))
      if (record.kind === 'document')
        for (const vulnerability of record.vulnerabilities)
          yield { ...operation, kind: 'vulnerability', vulnerability };
  } else {
    for await (const vulnerability of updater.parse(file, ctx))
      yield { ...operation, kind: 'vulnerability', vulnerability };
  }
}
