// Updater throughput and memory: a generated feed in the Debian security tracker's shape with
// about 150k records, and the whole pypa advisory database as an OSV all.zip, each served over
// loopback HTTP and run through the real updater into PostgreSQL. Baseline, in the same run: the
// plain way to read the same feed (the Debian document parsed whole; the zip inflated and every
// entry parsed), and for Debian the streaming parse alone, to tell parsing from storing. Each run
// is its own process, so each peak RSS is that run's alone.
import { execFile } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { parse } from 'yaml';
import yazl from 'yazl';
import { migrate } from '../lib/db/migrate.ts';
import { openPool } from '../lib/db/pool.ts';
import { startEmbeddedPostgres } from '../lib/local/postgres.ts';
import { createLogger } from '../lib/log.ts';
import { freePort } from '../test/helpers/free-port.ts';
import { vexArchive } from './vex-archive.ts';

const ROOT = join(import.meta.dirname, '..');
const CACHE = join(ROOT, '.cache/bench');
const PYPA = join(ROOT, '../shared/fixtures/pypa-advisory-database/vulns');
const run = promisify(execFile);

type Figures = { records: number; ms: number; peakRssMb: number; documents?: number };

// Documents in the VEX archive: the fixtures' five documents replicated under other CVE names.
const VEX_DOCUMENTS = 3_000;

// 10,000 source packages with 5 issues each, every issue in four releases of which three are
// registered (sid is not, as in the real feed): 150,000 records.
async function debianFeed(): Promise<string> {
  const file = join(CACHE, 'debian-tracker.json');
  if (existsSync(file)) return file;
  const out = createWriteStream(file);
  const write = (text: string): Promise<void> =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  let seed = 1;
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const urgencies = ['unimportant', 'low', 'medium', 'high', 'not yet assigned', 'low**'];
  await write('{');
  for (let p = 0; p < 10_000; p++) {
    await write(`${p === 0 ? '' : ','}"package-${p}":{`);
    for (let i = 0; i < 5; i++) {
      const id = `CVE-20${10 + (p % 15)}-${10000 + p * 5 + i}`;
      const release = (fixed: boolean) => ({
        status: fixed ? 'resolved' : 'open',
        repositories: { x: `${p}.${i}-1` },
        ...(fixed ? { fixed_version: `${p}.${i}-${1 + Math.floor(random() * 9)}` } : {}),
        urgency: urgencies[Math.floor(random() * urgencies.length)],
      });
      const issue = {
        description: `A flaw was found in package-${p} where a crafted input could lead to ${random() > 0.5 ? 'a denial of service' : 'code execution'} (issue ${i}).`,
        scope: random() > 0.5 ? 'remote' : 'local',
        debianbug: 900000 + p,
        releases: {
          bullseye: release(random() > 0.3),
          bookworm: release(random() > 0.3),
          trixie: release(random() > 0.2),
          sid: release(true),
        },
      };
      await write(`${i === 0 ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(issue)}`);
    }
    await write('}');
  }
  await write('}');
  await new Promise((resolve) => out.end(resolve));
  return file;
}

/** The pypa advisory database as OSV's PyPI/all.zip: one JSON document per advisory. */
async function pypaZip(): Promise<string | undefined> {
  if (!existsSync(PYPA)) return undefined;
  const file = join(CACHE, 'pypa-all.zip');
  if (existsSync(file)) return file;
  const zip = new yazl.ZipFile();
  const done = new Promise<void>((resolve) =>
    zip.outputStream.pipe(createWriteStream(file)).on('close', () => resolve()),
  );
  for (const name of readdirSync(PYPA, { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.yaml')) continue;
    const advisory = parse(readFileSync(join(PYPA, name), 'utf8')) as { id: string };
    zip.addBuffer(Buffer.from(JSON.stringify(advisory)), `${advisory.id}.json`);
  }
  zip.end();
  await done;
  return file;
}

async function measure(mode: string, url: string, databaseUrl?: string): Promise<Figures> {
  const args = [join(import.meta.dirname, 'update-run.ts'), mode, url, ...(databaseUrl ? [databaseUrl] : [])];
  const { stdout } = await run(process.execPath, args, { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as Figures;
}

export async function benchUpdate(): Promise<void> {
  await mkdir(CACHE, { recursive: true });
  const debian = await debianFeed();
  const pypa = await pypaZip();
  const vex = await vexArchive(CACHE, VEX_DOCUMENTS);
  const vexFiles = Object.fromEntries(
    ['archive_latest.txt', 'changes.csv', 'deletions.csv', 'csaf_vex_2025-01-01.tar.zst'].map((f) => [
      `/vex/${f}`,
      join(vex.dir, f),
    ]),
  );
  const files: Record<string, string> = {
    '/json': debian,
    ...(pypa ? { '/PyPI/all.zip': pypa } : {}),
    ...vexFiles,
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (file === undefined) return void res.writeHead(404).end();
    const { mtimeMs, size } = statSync(file);
    const lastModified = new Date(mtimeMs).toUTCString();
    res.writeHead(200, { etag: `"${mtimeMs}"`, 'last-modified': lastModified, 'content-length': size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'clairless-bench-update-'));
  // Embedded PostgreSQL runs as its own user when the bench runs as root.
  await chmod(dataDir, 0o755);
  const log = createLogger({ level: 'warn' });
  const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), log });
  const freshDatabase = async (name: string): Promise<string> => {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(postgres.url);
    url.pathname = `/${name}`;
    const pool = openPool(url.href, { maxConnections: 1, log });
    await migrate(pool, log);
    await pool.end();
    return url.href;
  };
  try {
    const line = (label: string, f: Figures) =>
      `  ${label.padEnd(16)} ${f.records} records in ${(f.ms / 1000).toFixed(1)} s (${Math.round(f.records / (f.ms / 1000))}/s), peak RSS ${f.peakRssMb.toFixed(0)} MB`;
    const report = (title: string, plain: Figures, ours: Figures, target: string, parse?: Figures) => {
      process.stdout.write(
        [
          `\n${title}`,
          line('plain read', plain),
          ...(parse === undefined ? [] : [line('parse only', parse)]),
          line('clairless', ours),
          `  ratio            ${(ours.ms / plain.ms).toFixed(1)}x the plain read's time, ${(ours.peakRssMb / plain.peakRssMb).toFixed(2)}x its peak RSS`,
          `  target           ${target}`,
          '',
        ].join('\n'),
      );
    };
    const size = (file: string) => `${(statSync(file).size / 1e6).toFixed(0)} MB`;
    report(
      `update: Debian-tracker-shaped feed (${size(debian)}), fetch + streaming parse + store`,
      await measure('plain-debian', `${base}/json`),
      await measure('debian', `${base}/json`, await freshDatabase('bench_debian')),
      '150k records in < 60 s, peak RSS < 512 MB',
      await measure('parse-debian', `${base}/json`),
    );
    if (pypa === undefined) {
      process.stdout.write(`\nupdate: pypa skipped: ${PYPA} is not there (the shared fixtures)\n`);
    } else {
      report(
        `update: the whole pypa advisory database as OSV PyPI/all.zip (${size(pypa)})`,
        await measure('plain-osv', `${base}/PyPI/all.zip`),
        await measure('osv', `${base}/PyPI/all.zip`, await freshDatabase('bench_osv')),
        'peak RSS < 512 MB',
      );
    }
    const plain = await measure('plain-vex', `${base}/vex/csaf_vex_2025-01-01.tar.zst`);
    const parseOnly = await measure('parse-vex', `${base}/vex/`);
    const ours = await measure('vex', `${base}/vex/`, await freshDatabase('bench_vex'));
    const rate = (f: Figures, docs: number) =>
      `${docs} documents in ${(f.ms / 1000).toFixed(1)} s (${Math.round(docs / (f.ms / 1000))} documents/s, ${(vex.tarBytes / 1e6 / (f.ms / 1000)).toFixed(0)} MB/s), peak RSS ${f.peakRssMb.toFixed(0)} MB`;
    process.stdout.write(
      [
        `\nupdate: rhel-vex archive of ${vex.documents} documents (${(vex.tarBytes / 1e6).toFixed(0)} MB of JSON, ${(vex.zstdBytes / 1e6).toFixed(1)} MB zstd), fetch + spool + parse + store`,
        `  plain read       ${rate(plain, plain.records)} (zstd + tar, every entry read whole)`,
        `  parse only       ${rate(parseOnly, parseOnly.documents ?? 0)}; ${parseOnly.records} records (fetch, spool, parse)`,
        `  clairless        ${rate(ours, ours.documents ?? 0)}; ${ours.records} records (${Math.round(ours.records / (ours.ms / 1000))}/s)`,
        `  ratio            ${(ours.ms / plain.ms).toFixed(1)}x the plain read's time, ${(ours.peakRssMb / plain.peakRssMb).toFixed(2)}x its peak RSS`,
        '',
      ].join('\n'),
    );
  } finally {
    server.close();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
