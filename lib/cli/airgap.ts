import { createReadStream, createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, createZstdCompress } from 'node:zlib';
import { updaterSets } from '../ecosystems/index.ts';
import { InvalidInputError, UpstreamError } from '../errors.ts';
import { exportBundle } from '../updater/export-bundle.ts';
import { importBundle } from '../updater/import-bundle.ts';
import type { Command } from './command.ts';
import { withDatabase } from './database.ts';

const EXPORT_FLAGS = ['--strict', '-g', '--gzip', '-z', '--zstd'];

/**
 * `clairless export-updaters [--strict] [-g|-z] [FILE]`, as clairctl's: zstd by flag or a .zst
 * FILE, else gzip; stdout without FILE or with "-" (logs go to stderr).
 */
export const runExportUpdaters: Command = async (config, log, args) => {
  const unknown = args.filter((a) => a.startsWith('-') && a !== '-' && !EXPORT_FLAGS.includes(a));
  if (unknown.length > 0) throw new InvalidInputError(`export-updaters: unknown flag ${unknown.join(' ')}`);
  const file = args.find((a) => !a.startsWith('-') || a === '-') ?? '-';
  const zstd =
    args.includes('-z') || args.includes('--zstd') || (file.endsWith('.zst') && !args.includes('-g'));
  const compress = zstd ? createZstdCompress() : createGzip();
  const sink: Writable = file === '-' ? process.stdout : createWriteStream(file);
  const done = pipeline(compress, sink, { end: file !== '-' });
  const result = await exportBundle(
    compress,
    { factories: updaterSets(), updaters: config.updaters },
    new AbortController().signal,
    log,
  );
  compress.end();
  await done;
  process.stderr.write(
    `wrote ${file === '-' ? 'stdout' : file}: ${result.exported.length} updaters${result.failed.length > 0 ? `, failed: ${result.failed.join(', ')}` : ''}\n`,
  );
  return args.includes('--strict') && result.failed.length > 0 ? 1 : 0;
};

/**
 * `clairless import-updaters FILE|URL|-`: a bundle from a file, an http(s) URL (which must answer
 * 200) or stdin. The compression is read off the bundle's first bytes, so clairctl's -g and -z
 * are accepted and not needed.
 */
export const runImportUpdaters: Command = async (config, log, args) => {
  const from = args.find((a) => !a.startsWith('-') || a === '-');
  if (from === undefined) throw new InvalidInputError('import-updaters: want a bundle file, URL or -');
  const source = await openSource(from);
  const result = await withDatabase(config, log, (db) => importBundle(source, db, log, from));
  process.stdout.write(
    `imported ${result.imported.length} operations, skipped ${result.skipped.length} already present\n`,
  );
  return 0;
};

async function openSource(from: string): Promise<Readable> {
  if (from === '-') return process.stdin;
  if (!/^https?:\/\//.test(from)) return createReadStream(from);
  const response = await fetch(from).catch((cause: unknown) => {
    throw new UpstreamError(`import-updaters: ${from}: ${(cause as Error).message}`, { cause });
  });
  if (response.status !== 200 || response.body === null)
    throw new UpstreamError(`import-updaters: ${from} answered ${response.status}`);
  return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
}
