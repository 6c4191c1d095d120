// The fetched spool parsed document by document, for the delta store: each document's records,
// or its deletion. Products the data gets wrong are skipped and logged once per document.
import type { DeltaRecord, UpdaterContext } from '../../../updater/types.ts';
import { parseVexDocument, type VexParseOptions } from './parse.ts';
import { readSpool } from './spool.ts';

const PROGRESS_EVERY = 10_000;

export async function* parseVexSpool(
  file: string,
  ctx: UpdaterContext,
  options: VexParseOptions,
): AsyncGenerator<DeltaRecord> {
  let documents = 0;
  for await (const { path, json } of readSpool(file, ctx.signal)) {
    const { record, warnings } = parseVexDocument(json, path, options);
    if (warnings.length > 0)
      ctx.log.warn('vex products skip', { document: path, products: warnings.length, first: warnings[0] });
    yield record;
    if (++documents % PROGRESS_EVERY === 0) ctx.log.info('vex parse progress', { documents });
  }
}
