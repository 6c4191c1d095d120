// A VEX archive for bench/update.ts: the real CSAF documents of the rhel-vex tests, replicated
// under made-up CVE names into a `csaf_vex_<date>.tar.zst` laid out as Red Hat's (<year>/<file>),
// made once into .cache/bench with GNU tar and node's zstd; plus the plain read to compare with.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createZstdCompress, createZstdDecompress } from 'node:zlib';
import { createTarParser } from '../lib/indexer/tar/tar-parser.ts';

const TESTDATA = join(import.meta.dirname, '..', 'test', 'unit', 'ecosystems', 'rhel', 'testdata', 'vex');
const TEMPLATES = [
  'cve-2023-38545.json',
  'cve-2022-38752-cut.json',
  'cve-2023-4154.json',
  'cve-2024-24786-simple.json',
  'cve-2024-24786-bad-rpmmod.json',
];
const CHUNK = 1024 * 1024;

export type VexArchive = {
  /** The folder to serve as the feed's base: archive_latest.txt, changes.csv, deletions.csv, the archive. */
  readonly dir: string;
  readonly documents: number;
  /** The tar's size: what the documents weigh uncompressed. */
  readonly tarBytes: number;
  readonly zstdBytes: number;
};

/** The feed folder with an archive of `documents` documents, made unless it is there. */
export async function vexArchive(cache: string, documents: number): Promise<VexArchive> {
  const dir = join(cache, `vex-${documents}`);
  const meta = join(dir, 'meta.json');
  if (existsSync(meta)) return JSON.parse(readFileSync(meta, 'utf8')) as VexArchive;
  await mkdir(dir, { recursive: true });
  const tree = await mkdtemp(join(tmpdir(), 'clairless-bench-vex-'));
  try {
    const templates = TEMPLATES.map((f) => JSON.parse(readFileSync(join(TESTDATA, f), 'utf8')));
    for (let i = 0; i < documents; i++) {
      const year = 2015 + (i % 10);
      const name = `CVE-${year}-${100000 + i}`;
      const doc = structuredClone(templates[i % templates.length]);
      doc.document.tracking.id = name;
      await mkdir(join(tree, String(year)), { recursive: true });
      await writeFile(join(tree, String(year), `${name.toLowerCase()}.json`), JSON.stringify(doc, null, 2));
    }
    const archive = 'csaf_vex_2025-01-01.tar.zst';
    let tarBytes = 0;
    const tar = spawn('tar', ['--sort=name', '-C', tree, '-cf', '-', '.'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await pipeline(
      tar.stdout,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          tarBytes += chunk.length;
          yield chunk;
        }
      },
      createZstdCompress({ chunkSize: CHUNK }),
      createWriteStream(join(dir, archive)),
    );
    writeFileSync(join(dir, 'archive_latest.txt'), `${archive}\n`);
    writeFileSync(join(dir, 'changes.csv'), '');
    writeFileSync(join(dir, 'deletions.csv'), '');
    const zstdBytes = readFileSync(join(dir, archive)).length;
    const out: VexArchive = { dir, documents, tarBytes, zstdBytes };
    writeFileSync(meta, JSON.stringify(out));
    return out;
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
}

/** The plain read: the archive downloaded, zstd-decompressed and every tar entry read whole. */
export async function plainVexRead(url: string): Promise<number> {
  const body = (await fetch(url)).body as import('node:stream/web').ReadableStream;
  let documents = 0;
  const parser = createTarParser((entry) => {
    if (entry.type !== 'file') return undefined;
    const chunks: Buffer[] = [];
    return {
      write: (chunk) => chunks.push(chunk),
      end: () => {
        Buffer.concat(chunks).toString('utf8');
        documents++;
      },
    };
  });
  for await (const chunk of Readable.fromWeb(body).pipe(createZstdDecompress({ chunkSize: CHUNK })))
    parser.push(chunk);
  parser.end();
  return documents;
}
