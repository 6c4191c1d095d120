// OVAL updater throughput and memory on a SUSE-sized document: the real Photon 3 document of the
// photon tests (222 definitions, 1.8 MB) replicated under renamed ids into one document of about
// 400 MB of XML, gzipped as SUSE serves `suse.linux.enterprise.server.15.xml.gz`, made once into
// .cache/bench. Each run is its own process (this file again, with a mode), so each peak RSS is
// that run's alone:
//   node bench/update-oval.ts <plain|parse> <file>   prints { records, ms, peakRssMb }
// plain: gunzip and a saxes pass keeping nothing; parse: the photon updater's parse of the spooled
// file, counting the vulnerabilities it yields, storing nothing.
import { execFile } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createGunzip, createGzip, gunzipSync } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { photonUpdaterSet } from '../lib/ecosystems/photon/updater.ts';
import { createLogger } from '../lib/log.ts';

const ROOT = join(import.meta.dirname, '..');
const CACHE = join(ROOT, '.cache/bench');
const FIXTURE = join(ROOT, 'test/unit/ecosystems/photon/testdata/com.vmware.phsa-photon3.xml.gz');
const run = promisify(execFile);

// 220 copies of the 1.84 MB document: 405 MB of XML, 48,840 definitions.
const COPIES = 220;
const SECTIONS = ['definitions', 'tests', 'objects', 'states'] as const;

type Figures = { records: number; ms: number; peakRssMb: number };

/** The document with every section's entries repeated, each copy's ids renamed. */
async function suseSizedDocument(): Promise<string> {
  const file = join(CACHE, `oval-photon3-x${COPIES}.xml.gz`);
  if (existsSync(file)) return file;
  const text = gunzipSync(readFileSync(FIXTURE)).toString('utf8');
  const gzip = createGzip();
  const done = new Promise<void>((resolve, reject) =>
    gzip
      .pipe(createWriteStream(`${file}.part`))
      .on('close', resolve)
      .on('error', reject),
  );
  const write = (chunk: string): Promise<void> =>
    gzip.write(chunk) ? Promise.resolve() : new Promise((resolve) => gzip.once('drain', () => resolve()));
  await write(text.slice(0, text.indexOf('<definitions>')));
  for (const section of SECTIONS) {
    const open = `<${section}>`;
    const body = text.slice(text.indexOf(open) + open.length, text.indexOf(`</${section}>`));
    await write(open);
    for (let copy = 0; copy < COPIES; copy++) {
      await write(body.replaceAll('oval:com.vmware.phsa:', `oval:com.vmware.phsa.c${copy}:`));
    }
    await write(`</${section}>\n`);
  }
  await write(text.slice(text.indexOf('</states>') + '</states>'.length));
  gzip.end();
  await done;
  await rename(`${file}.part`, file);
  return file;
}

/** The XML's size, from the gzip trailer (ISIZE: the size modulo 4 GiB). */
function xmlBytesOf(file: string): number {
  const handle = openSync(file, 'r');
  const trailer = Buffer.alloc(4);
  readSync(handle, trailer, 0, 4, statSync(file).size - 4);
  closeSync(handle);
  return trailer.readUInt32LE(0);
}

/** The least any reader does: gunzip, UTF-8 and every element through saxes, nothing kept. */
async function plainRead(file: string): Promise<number> {
  const parser = new SaxesParser();
  let definitions = 0;
  parser.on('opentag', (tag) => {
    if (tag.name === 'definition') definitions++;
  });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of createReadStream(file).pipe(createGunzip()) as AsyncIterable<Buffer>) {
    parser.write(decoder.decode(chunk, { stream: true }));
  }
  parser.write(decoder.decode());
  parser.close();
  return definitions;
}

/** The photon updater's parse of the spooled file, as the update worker runs it after its fetch. */
async function updaterParse(file: string): Promise<number> {
  const updater = photonUpdaterSet.build(
    {
      set: 'photon',
      name: 'photon-updater-3.0',
      params: { url: 'https://packages.vmware.com/photon/photon_oval_definitions/x.xml', release: '3.0' },
    },
    {},
  );
  const ctx = {
    signal: new AbortController().signal,
    log: createLogger({ level: 'warn' }),
    tmpDir: tmpdir(),
  };
  let records = 0;
  for await (const _ of updater.parse(file, ctx)) records++;
  return records;
}

async function measure(mode: string, file: string): Promise<Figures> {
  const { stdout } = await run(process.execPath, [fileURLToPath(import.meta.url), mode, file], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as Figures;
}

export async function benchUpdateOval(): Promise<void> {
  await mkdir(CACHE, { recursive: true });
  const file = await suseSizedDocument();
  const mb = xmlBytesOf(file) / 1e6;
  const line = (label: string, what: string, f: Figures) =>
    `  ${label.padEnd(16)} ${f.records} ${what} in ${(f.ms / 1000).toFixed(1)} s (${(mb / (f.ms / 1000)).toFixed(0)} MB/s), peak RSS ${f.peakRssMb.toFixed(0)} MB`;
  const plain = await measure('plain', file);
  const ours = await measure('parse', file);
  process.stdout.write(
    [
      `\nupdate: OVAL document of ${COPIES} renamed copies of Photon 3's (${mb.toFixed(0)} MB of XML, ${(statSync(file).size / 1e6).toFixed(1)} MB gzip), updater parse`,
      line('plain read', 'definitions', plain),
      line('clairless', 'records', ours),
      `  ratio            ${(ours.ms / plain.ms).toFixed(1)}x the plain read's time, ${(ours.peakRssMb / plain.peakRssMb).toFixed(2)}x its peak RSS`,
      "  target           peak RSS well under the update worker's 1024 MB",
      '',
    ].join('\n'),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, file] = process.argv.slice(2) as [string, string];
  const started = performance.now();
  const records = mode === 'plain' ? await plainRead(file) : await updaterParse(file);
  const ms = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({ records, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}
