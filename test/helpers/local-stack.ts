// The local runtime as the end-to-end and indexer suites drive it: layers on a loopback blob
// server, an image indexed through the HTTP API, its vulnerability report read back.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../lib/config/load.ts';
import type { IndexReport } from '../../lib/indexer/index-report.ts';
import { type LocalRuntime, startLocalRuntime } from '../../lib/local/runtime.ts';
import type { VulnerabilityReport } from '../../lib/matcher/vulnerability-report.ts';
import { advisoryEntries, writeZip } from '../unit/ecosystems/osv/zip-fixture.ts';
import { startFeedServer } from './feed-server.ts';
import { type LayerServer, startLayerServer } from './layer-server.ts';
import { type Blob, digestOf } from './layers.ts';
import { firstUpdateOperation, localSetup } from './local-config.ts';
import { type CapturedLog, captureLog } from './log.ts';

export type LocalStack = {
  readonly runtime: LocalRuntime;
  readonly layers: LayerServer;
  readonly captured: CapturedLog;
  /** Stops the runtime, then the servers. */
  close(): Promise<void>;
};

export type OsvStack<Advisory> = LocalStack & {
  /** The advisories the feed serves, as parsed from their JSON. */
  readonly advisories: Advisory[];
};

/**
 * The local runtime, its indexer allowed to fetch the layers from loopback, with a captured log
 * and the updaters YAML given (none by default).
 */
export async function startLocalStack(layers: readonly Blob[], updatersYaml?: string): Promise<LocalStack> {
  const server = await startLayerServer(layers);
  try {
    const setup = await localSetup(
      'indexer: {allow_private_networks: true, request_wait: 120s}',
      updatersYaml,
    );
    const captured = captureLog();
    const runtime = await startLocalRuntime(parseConfig(setup.yaml, 'local.yaml', {}).config, captured.log);
    return {
      runtime,
      layers: server,
      captured,
      close: async () => {
        await runtime.stop();
        await server.close();
      },
    };
  } catch (err) {
    await server.close();
    throw err;
  }
}

/**
 * The local stack with the osv updater reading only `ecosystem`, whose advisories (a testdata
 * folder, as advisoryEntries reads it) a loopback feed serves as the bucket's `<ecosystem>/all.zip`;
 * answers once the updater has run.
 */
export async function startOsvStack<Advisory>(
  ecosystem: string,
  advisoriesDir: string,
  layers: readonly Blob[],
): Promise<OsvStack<Advisory>> {
  const dir = await mkdtemp(join(tmpdir(), 'clairless-osv-'));
  const feeds = await startFeedServer();
  const closeFeeds = () => Promise.all([feeds.close(), rm(dir, { recursive: true, force: true })]);
  try {
    const entries = await advisoryEntries(advisoriesDir);
    await writeZip(join(dir, 'all.zip'), entries);
    feeds.set(`/${ecosystem}/all.zip`, { body: await readFile(join(dir, 'all.zip')) });
    const stack = await startLocalStack(
      layers,
      `updaters: {sets: [osv], config: {osv: {url: "${feeds.url}", allowlist: [${ecosystem}]}}}`,
    );
    const close = async () => {
      await stack.close();
      await closeFeeds();
    };
    try {
      await firstUpdateOperation(stack.runtime.apiUrl, `osv/${ecosystem.toLowerCase()}`);
    } catch (err) {
      await close();
      throw err;
    }
    return { ...stack, advisories: entries.map((e) => JSON.parse(String(e.data))), close };
  } catch (err) {
    await closeFeeds();
    throw err;
  }
}

/**
 * Indexes the image of the layers, in order, under a manifest digest made of theirs; asserts the
 * API answered 201 with IndexFinished and answers the report.
 */
export async function indexManifest(
  apiUrl: string,
  server: LayerServer,
  image: readonly Blob[],
): Promise<IndexReport> {
  const res = await fetch(`${apiUrl}/indexer/api/v1/index_report`, {
    method: 'POST',
    body: JSON.stringify({
      hash: digestOf(Buffer.from(image.map((l) => l.digest).join())),
      layers: image.map((l) => ({ hash: l.digest, uri: server.uri(l) })),
    }),
  });
  const report = (await res.json()) as IndexReport;
  assert.equal(res.status, 201);
  assert.equal(report.state, 'IndexFinished', report.err);
  return report;
}

/** The manifest's vulnerability report, after asserting the API answered 200. */
export async function fetchVulnerabilityReport(
  apiUrl: string,
  manifest: string,
): Promise<VulnerabilityReport> {
  const res = await fetch(`${apiUrl}/matcher/api/v1/vulnerability_report/${manifest}`);
  const report = (await res.json()) as VulnerabilityReport;
  assert.equal(res.status, 200);
  return report;
}

/**
 * The names of the advisories the report gives its packages, sorted and once each, under the keys
 * `keys` makes of each package (by default `name@version`); packages under one key are merged.
 */
export function vulnerabilityNames(
  report: VulnerabilityReport,
  keys: (id: string) => readonly string[] = (id) => [
    `${report.packages[id]?.name}@${report.packages[id]?.version}`,
  ],
): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const [id, vulns] of Object.entries(report.package_vulnerabilities)) {
    for (const key of keys(id)) {
      out[key] ??= new Set();
      for (const v of vulns) out[key].add(report.vulnerabilities[v]?.name ?? v);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
}
