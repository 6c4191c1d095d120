// One measured run of bench/update.ts, in its own process so its peak RSS is its own:
//   node bench/update-run.ts <mode> <feed url> [database url]
// Prints one JSON line: { records, ms, peakRssMb }. Modes: plain-debian, parse-debian, debian,
// plain-osv, osv, plain-vex (records are documents), parse-vex (rhel-vex fetch and parse, storing
// nothing), vex (rhel-vex from the feed base url).
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { openPool } from '../lib/db/pool.ts';
import { parseTracker } from '../lib/ecosystems/debian/parser.ts';
import { updaterSets } from '../lib/ecosystems/index.ts';
import { rhelVexConfig, rhelVexUpdater } from '../lib/ecosystems/rhel/vex/updater.ts';
import { createLogger } from '../lib/log.ts';
import { runUpdater } from '../lib/updater/run-updater.ts';
import type { UpdaterSpec } from '../lib/updater/types.ts';
import { plainVexRead } from './vex-archive.ts';

const [mode, url, databaseUrl] = process.argv.slice(2) as [string, string, string | undefined];
const RELEASES = { bullseye: '11', bookworm: '12', trixie: '13' };

/** The naive Debian way: the whole document in memory, then every registered (package, id, release). */
async function plainDebian(): Promise<number> {
  const feed = JSON.parse(await (await fetch(url)).text()) as Record<
    string,
    Record<string, { releases: Record<string, unknown> }>
  >;
  let records = 0;
  for (const issues of Object.values(feed))
    for (const issue of Object.values(issues))
      for (const release of Object.keys(issue.releases)) if (release in RELEASES) records++;
  return records;
}

/** The clairless Debian parse alone, streaming from the response, storing nothing. */
async function parseDebian(): Promise<number> {
  const body = (await fetch(url)).body as import('node:stream/web').ReadableStream;
  let records = 0;
  for await (const _ of parseTracker(Readable.fromWeb(body), new Map(Object.entries(RELEASES)), url))
    records++;
  return records;
}

/** The plain OSV way: download the zip, inflate and JSON.parse every entry. */
async function plainOsv(): Promise<number> {
  const file = join(tmpdir(), `bench-osv-${process.pid}.zip`);
  const handle = await open(file, 'w');
  await handle.writeFile(Buffer.from(await (await fetch(url)).arrayBuffer()));
  await handle.close();
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  let advisories = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          JSON.parse(Buffer.concat(chunks).toString());
          advisories++;
          zip.readEntry();
        });
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return advisories;
}

/** The clairless way: the real updater, fetching over loopback and storing in PostgreSQL. */
// Documents the rhel-vex fetch spooled, from its log.
let documents: number | undefined;

/** The rhel-vex fetch (archive to spool) and parse alone, storing nothing. */
async function parseVex(): Promise<number> {
  const log = createLogger({
    level: 'info',
    write: (line) => {
      const entry = JSON.parse(line) as { msg: string; documents?: number };
      if (entry.msg === 'vex fetch done') documents = entry.documents;
    },
  });
  const tmpDir = await mkdtemp(join(tmpdir(), 'bench-vex-'));
  const ctx = { signal: new AbortController().signal, log, tmpDir };
  try {
    const updater = rhelVexUpdater(rhelVexConfig({ url, compressed_file_timeout: '30m' }));
    const fetched = await updater.fetch(undefined, ctx);
    let records = 0;
    if (!fetched.unchanged)
      for await (const r of updater.parse(fetched.file, ctx))
        if (r.kind === 'document') records += r.vulnerabilities.length;
    return records;
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

async function clairless(set: string, config: Record<string, Record<string, unknown>>): Promise<number> {
  let parsed = 0;
  const log = createLogger({
    level: 'info',
    write: (line) => {
      const entry = JSON.parse(line) as { msg: string; parsed?: number };
      if (entry.msg === 'update done') parsed = entry.parsed ?? 0;
      if (entry.msg === 'vex fetch done') documents = (entry as { documents?: number }).documents ?? 0;
      if (entry.msg.includes('fail')) process.stderr.write(line);
    },
  });
  const db = openPool(databaseUrl as string, { maxConnections: 2, log });
  const factories = updaterSets();
  const signal = new AbortController().signal;
  const factory = factories.get(set);
  if (factory === undefined) throw new Error(`no updater set ${set}`);
  const [spec] = await factory.discover(config[set] ?? {}, { signal, log, tmpDir: tmpdir() });
  try {
    await runUpdater(
      spec as UpdaterSpec,
      { db, factories, updaters: { sets: [set], config }, retention: 10, log },
      signal,
      'bench',
    );
  } finally {
    await db.end();
  }
  return parsed;
}

const started = performance.now();
const records =
  mode === 'plain-debian'
    ? await plainDebian()
    : mode === 'parse-debian'
      ? await parseDebian()
      : mode === 'plain-osv'
        ? await plainOsv()
        : mode === 'debian'
          ? await clairless('debian', { debian: { json_url: url, releases: RELEASES } })
          : mode === 'plain-vex'
            ? await plainVexRead(url)
            : mode === 'parse-vex'
              ? await parseVex()
              : mode === 'vex'
                ? await clairless('rhel-vex', { 'rhel-vex': { url, compressed_file_timeout: '30m' } })
                : await clairless('osv', { osv: { url: new URL('/', url).href, allowlist: ['PyPI'] } });
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ records, ms, peakRssMb: process.resourceUsage().maxRSS / 1024, documents })}\n`,
);
