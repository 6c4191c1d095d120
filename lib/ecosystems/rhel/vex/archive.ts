// The feed's full archive (`csaf_vex_YYYY-MM-DD.tar.zst`), streamed: zstd, then tar, each
// document from LOOK_BACK_YEAR on that changes.csv did not already bring added to the spool.
import { pipeline, Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { createZstdDecompress } from 'node:zlib';
import { InvalidInputError, UpstreamError } from '../../../errors.ts';
import { createTarParser } from '../../../indexer/tar/tar-parser.ts';
import type { Logger } from '../../../log.ts';
import { upstreamFetch } from '../../../updater/upstream-fetch.ts';
import type { SpoolWriter } from './spool.ts';

/** Documents of earlier years are left out, as claircore does. */
export const LOOK_BACK_YEAR = 2015;

const CHUNK = 1024 * 1024;
const PROGRESS_EVERY = 10_000;

export type ArchiveOptions = {
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** The whole download. */
  readonly timeoutMs: number;
  /** File names (`cve-2023-0044.json`) already spooled or deleted: skipped. */
  readonly skip: ReadonlySet<string>;
};

/** GETs the archive and spools its documents; answers how many. */
export async function spoolArchive(
  url: string,
  spool: SpoolWriter,
  options: ArchiveOptions,
): Promise<number> {
  const response = await upstreamFetch(url, {
    what: 'vex archive',
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  });
  if (response.body === null) throw new UpstreamError(`vex archive ${url}: no body`);
  // pipeline, not pipe: a download cut off or timed out must end the read with its error.
  const body = pipeline(
    Readable.fromWeb(response.body as ReadableStream),
    createZstdDecompress({ chunkSize: CHUNK }),
    () => {},
  );
  try {
    return await spoolTar(body, spool, options);
  } catch (cause) {
    if (cause instanceof InvalidInputError)
      throw new InvalidInputError(`vex archive ${url}: ${cause.message}`, { cause });
    throw new UpstreamError(`vex archive ${url}: ${(cause as Error).message}`, { cause });
  }
}

/** The documents of an uncompressed tar stream added to the spool; answers how many. */
async function spoolTar(
  tar: AsyncIterable<Buffer>,
  spool: SpoolWriter,
  options: Pick<ArchiveOptions, 'log' | 'skip'>,
): Promise<number> {
  const done: { path: string; json: string }[] = [];
  const parser = createTarParser((entry) => {
    if (entry.type !== 'file') return undefined;
    const slash = entry.path.lastIndexOf('/');
    const year = entry.path.slice(0, slash);
    if (!/^\d{4}$/.test(year))
      throw new InvalidInputError(`archive entry ${JSON.stringify(entry.path)} is not under a year folder`);
    if (Number(year) < LOOK_BACK_YEAR || options.skip.has(entry.path.slice(slash + 1))) return undefined;
    const chunks: Buffer[] = [];
    return {
      write: (chunk) => chunks.push(chunk),
      end: () => done.push({ path: entry.path, json: Buffer.concat(chunks).toString('utf8') }),
    };
  });
  let documents = 0;
  for await (const chunk of tar) {
    parser.push(chunk);
    for (const d of done.splice(0)) {
      await spool.write(d.path, d.json);
      if (++documents % PROGRESS_EVERY === 0) options.log.info('vex archive progress', { documents });
    }
  }
  parser.end();
  return documents;
}
