// Indexer throughput and memory on a real Debian bookworm rootfs layer, against a plain Node
// gunzip + sha256 + tar parse of the same bytes in this process; then an application layer of
// language packages (jars, Go binaries, Python and npm trees from this machine); then peak memory
// on a layer of about 1 GB uncompressed; then the latency of POST for a manifest already indexed.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parseConfig } from '../lib/config/load.ts';
import { createTarParser } from '../lib/indexer/tar/tar-parser.ts';
import { startLocalRuntime } from '../lib/local/runtime.ts';
import { createLogger } from '../lib/log.ts';
import { freePorts } from '../test/helpers/free-port.ts';

const ROOT = join(import.meta.dirname, '..');
const ROOTFS = join(ROOT, '.cache/fixtures/debian-bookworm-minbase.tar');
const CACHE = join(ROOT, '.cache/bench');
const MB = 1e6;

// Real language packages from Debian packages (jars, Go toolchain binaries and docker-registry,
// Python packages), with this repository's own npm tree added to the layer.
const APP_SOURCES = [
  '/usr/share/java',
  '/usr/lib/go-1.19/bin',
  '/usr/lib/go-1.19/pkg/tool',
  '/usr/bin/docker-registry',
  '/usr/lib/python3/dist-packages',
];

type Layer = { file: string; digest: string; uncompressed: number };

function sha256File(file: string): string {
  return `sha256:${execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]}`;
}

// Layers are made by the real tools (gzip, GNU tar) once and kept in .cache/bench.
function prepareLayers(): { rootfs: Layer; big: Layer; app: Layer } {
  const rootfsGz = join(CACHE, 'rootfs.tar.gz');
  if (!existsSync(rootfsGz)) execFileSync('sh', ['-c', `gzip -6 -c ${ROOTFS} > ${rootfsGz}`]);
  const bigTar = join(CACHE, 'big.tar');
  const bigGz = `${bigTar}.gz`;
  if (!existsSync(bigGz)) {
    // The rootfs plus 850 MB that does not compress: about 1 GB to walk, nearly all of it to download.
    execFileSync('sh', [
      '-c',
      `set -e; d=$(mktemp -d); head -c 850000000 /dev/urandom > $d/payload.bin; tar -C $d -cf $d/payload.tar payload.bin;
       cp ${ROOTFS} ${bigTar}; tar -Af ${bigTar} $d/payload.tar; rm -rf $d; gzip -1 -c ${bigTar} > ${bigGz}; rm ${bigTar}`,
    ]);
  }
  const appGz = join(CACHE, 'app.tar.gz');
  if (!existsSync(appGz)) {
    const sources = APP_SOURCES.filter((p) => existsSync(p)).join(' ');
    execFileSync('sh', [
      '-c',
      `tar -cf - ${sources} -C ${ROOT} node_modules 2>/dev/null | gzip -6 > ${appGz}`,
    ]);
  }
  const uncompressed = (gz: string) =>
    Number(execFileSync('sh', ['-c', `gzip -dc ${gz} | wc -c`], { encoding: 'utf8' }).trim());
  return {
    rootfs: { file: rootfsGz, digest: sha256File(rootfsGz), uncompressed: statSync(ROOTFS).size },
    big: { file: bigGz, digest: sha256File(bigGz), uncompressed: uncompressed(bigGz) },
    app: { file: appGz, digest: sha256File(appGz), uncompressed: uncompressed(appGz) },
  };
}

/**
 * The plain pass, in ms: the same bytes from the same place (the file, or the loopback registry
 * the pipeline downloads from), gunzip with 1 MiB chunks, sha256 over the compressed bytes, and
 * every tar header parsed. This is the least any indexer must do with the layer.
 */
async function plainPass(layer: Layer, url?: string): Promise<number> {
  const started = performance.now();
  const hash = createHash('sha256');
  let entries = 0;
  const parser = createTarParser(() => {
    entries++;
    return undefined;
  });
  const body =
    url === undefined
      ? createReadStream(layer.file, { highWaterMark: 2 ** 20 })
      : await new Promise<IncomingMessage>((resolve) => get(`${url}/blobs/${layer.digest}`, resolve));
  await pipeline(
    body,
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        hash.update(chunk);
        yield chunk;
      }
    },
    createGunzip({ chunkSize: 2 ** 20 }),
    async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) parser.push(chunk);
    },
  );
  parser.end();
  if (entries === 0) throw new Error('no entries');
  return performance.now() - started;
}

// The registry runs in its own process, as a real one would: serving a gigabyte must not take
// this process's CPU from the indexer.
async function serveLayers(layers: readonly Layer[]): Promise<{ url: string; close(): void }> {
  const script = `
    const { createServer } = await import('node:http');
    const { createReadStream, statSync } = await import('node:fs');
    const layers = JSON.parse(process.argv[1]);
    const server = createServer((req, res) => {
      const layer = layers.find((l) => req.url.endsWith(l.digest));
      if (!layer) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': statSync(layer.file).size });
      createReadStream(layer.file, { highWaterMark: 1 << 20 }).pipe(res);
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(layers)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return { url: `http://127.0.0.1:${port}`, close: () => child.kill() };
}

export async function benchIndex(): Promise<void> {
  if (!existsSync(ROOTFS)) {
    process.stdout.write(
      'index: skipped, no rootfs: run test/fixtures/make-debian-rootfs.sh (needs mmdebstrap)\n\n',
    );
    return;
  }
  await mkdir(CACHE, { recursive: true });
  const { rootfs, big, app } = prepareLayers();
  const server = await serveLayers([rootfs, big, app]);
  const dir = await mkdtemp(join(tmpdir(), 'clairless-bench-'));
  // Embedded PostgreSQL runs as its own user when we are root.
  await chmod(dir, 0o755);
  const [httpPort, postgresPort, sqsPort] = await freePorts(3);
  const yaml = [
    `http_listen_addr: "127.0.0.1:${httpPort}"`,
    'indexer: {request_wait: 15m, allow_private_networks: true}',
    `local: {data_dir: ${JSON.stringify(dir)}, postgres_port: ${postgresPort}, sqs_port: ${sqsPort}}`,
  ].join('\n');
  const runtime = await startLocalRuntime(
    parseConfig(yaml, 'bench.yaml', {}).config,
    createLogger({ level: 'error' }),
  );
  const post = async (layer: Layer, name: string): Promise<{ ms: number; packages: number }> => {
    const manifest = {
      hash: `sha256:${createHash('sha256').update(name).digest('hex')}`,
      layers: [{ hash: layer.digest, uri: `${server.url}/blobs/${layer.digest}` }],
    };
    const started = performance.now();
    const res = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report`, {
      method: 'POST',
      body: JSON.stringify(manifest),
    });
    const report = (await res.json()) as { state: string; err: string; packages: object };
    if (report.state !== 'IndexFinished')
      throw new Error(`index of ${name} ended ${report.state}: ${report.err}`);
    return { ms: performance.now() - started, packages: Object.keys(report.packages ?? {}).length };
  };
  // Each figure is the best of three runs, the first warming the JIT; between indexing runs the
  // manifest is deleted, which removes its layer's scan results, so the layer is fetched again.
  const best = async (run: () => Promise<number>): Promise<number> =>
    Math.min(await run(), await run(), await run());
  const index = async (layer: Layer, name: string): Promise<number> => {
    const { ms } = await post(layer, name);
    const hash = `sha256:${createHash('sha256').update(name).digest('hex')}`;
    await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report/${hash}`, { method: 'DELETE' });
    return ms;
  };
  try {
    const mbps = (layer: Layer, ms: number): number => layer.uncompressed / MB / (ms / 1000);
    const fromFile = mbps(rootfs, await best(() => plainPass(rootfs)));
    const baseline = mbps(rootfs, await best(() => plainPass(rootfs, server.url)));
    const ms = await best(() => index(rootfs, 'rootfs'));
    const ours = mbps(rootfs, ms);
    const bigBaseline = mbps(big, await best(() => plainPass(big, server.url)));
    const bigOurs = mbps(big, await best(() => index(big, 'big')));
    const appBaseline = mbps(app, await best(() => plainPass(app, server.url)));
    const appMs = await best(() => index(app, 'app'));
    const appPackages = (await post(app, 'app')).packages;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    await post(rootfs, 'rootfs');
    const latencies: number[] = [];
    for (let i = 0; i < 200; i++) latencies.push((await post(rootfs, 'rootfs')).ms);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => (latencies[Math.floor((latencies.length - 1) * p)] as number).toFixed(1);
    process.stdout.write(
      [
        `index (real Debian bookworm rootfs: ${(rootfs.uncompressed / MB).toFixed(0)} MB uncompressed, gzip; POST to IndexFinished over the local runtime)`,
        `  plain pass from the file            ${fromFile.toFixed(0)} MB/s  (gunzip + sha256 + tar parse)`,
        `  plain pass from the registry        ${baseline.toFixed(0)} MB/s  (the same, over loopback HTTP)`,
        `  clairless pipeline                  ${ours.toFixed(0)} MB/s  (${(ms / 1000).toFixed(2)} s, best of 3)`,
        `  ratio                               ${(ours / baseline).toFixed(2)}x the plain pass from the registry (target >= 0.7x)`,
        `  1 GB layer (${(big.uncompressed / MB).toFixed(0)} MB uncompressed): ${bigOurs.toFixed(0)} MB/s, plain pass ${bigBaseline.toFixed(0)} MB/s, ratio ${(bigOurs / bigBaseline).toFixed(2)}x`,
        `  application layer (${(app.uncompressed / MB).toFixed(0)} MB: jars, Go binaries, Python and npm packages): ${mbps(app, appMs).toFixed(0)} MB/s (${(appMs / 1000).toFixed(2)} s), plain pass ${appBaseline.toFixed(0)} MB/s, ratio ${(mbps(app, appMs) / appBaseline).toFixed(2)}x; ${appPackages} packages`,
        `  peak RSS of this process            ${peakRssMb.toFixed(0)} MB (target < 300 MB)`,
        `  POST already indexed, 200 times     p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms (target p50 < 20 ms)`,
        '',
      ].join('\n'),
    );
  } finally {
    await runtime.stop();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
