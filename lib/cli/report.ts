import { setTimeout as sleep } from 'node:timers/promises';
import { parseDurationMs } from '../config/duration.ts';
import type { Config } from '../config/types.ts';
import { InvalidInputError, UpstreamError } from '../errors.ts';
import type { IndexReport } from '../indexer/index-report.ts';
import type { Manifest } from '../indexer/manifest.ts';
import { type ClairApi, type ClairApiOptions, clairApi } from './clair-api.ts';
import type { Command, CommandIo } from './command.ts';
import { atLeast, findingsOf, findingsTable, parseSeverity } from './findings.ts';
import { walkFlags } from './flags.ts';
import { parseRegistryFlags, resolveManifest } from './registry-flags.ts';

export const REPORT_USAGE = `  --host URL                    the clairless (or Clair) API (default $CLAIR_API, else http://localhost:6060)
  --format table|json           a table, most severe first (default), or Clair's VulnerabilityReport JSON
  --fail-on SEVERITY            exit 3 when a vulnerability is this severe or more (Low, Medium, High, Critical...)
  --psk-key BASE64 [--psk-iss ISSUER]
                                sign requests with this pre-shared key (default: the config's auth.psk;
                                issuer clairctl)
  --timeout DURATION            give up waiting for an image to be indexed (default 10m)`;

type ReportFlags = {
  readonly api: ClairApiOptions;
  readonly format: 'table' | 'json';
  readonly failOn?: ReturnType<typeof parseSeverity>;
  readonly timeoutMs: number;
};

// Polls of an image still being indexed, and how often a progress line is written meanwhile.
const POLL_MS = 1000;
const PROGRESS_MS = 10_000;

/** `clairless report IMAGE...`: each image's vulnerabilities, read from its registry and indexed by --host. */
export const runReport: Command = async (config, _log, args, io) => {
  const { flags: registry, rest } = parseRegistryFlags(args);
  const { flags, images } = parseReportFlags(rest, config, io);
  const api = clairApi(flags.api);
  let failed = false;
  for (const image of images) {
    const manifest = await resolveManifest(image, registry, io.env, io.readStdin);
    await indexed(api, image, manifest, flags.timeoutMs, io);
    const report = await api.vulnerabilityReport(manifest.hash);
    if (report === undefined) {
      throw new UpstreamError(
        `${flags.api.host} has no vulnerability data yet: let its updaters run (clairless admin update), then ask again`,
      );
    }
    const findings = findingsOf(report);
    io.stdout.write(flags.format === 'json' ? `${JSON.stringify(report)}\n` : findingsTable(image, findings));
    const { failOn } = flags;
    if (failOn !== undefined && findings.some((f) => atLeast(f, failOn))) failed = true;
  }
  return failed ? 3 : 0;
};

function parseReportFlags(
  args: readonly string[],
  config: Config,
  io: CommandIo,
): { flags: ReportFlags; images: string[] } {
  let host = io.env.CLAIR_API || 'http://localhost:6060';
  let format: ReportFlags['format'] = 'table';
  let failOn: ReportFlags['failOn'];
  let pskKey: string | undefined;
  let pskIssuer = 'clairctl';
  let timeoutMs = 10 * 60_000;
  const images = walkFlags(args, (arg, value) => {
    if (arg === '--host') host = value();
    else if (arg === '--format') {
      const text = value();
      if (text !== 'table' && text !== 'json')
        throw new InvalidInputError(`--format ${JSON.stringify(text)}: want table or json`);
      format = text;
    } else if (arg === '--fail-on') failOn = parseSeverity(value());
    else if (arg === '--psk-key') pskKey = value();
    else if (arg === '--psk-iss') pskIssuer = value();
    else if (arg === '--timeout') {
      const text = value();
      const ms = parseDurationMs(text);
      if (ms === undefined || ms <= 0)
        throw new InvalidInputError(`--timeout ${JSON.stringify(text)}: want a duration such as 90s or 10m`);
      timeoutMs = ms;
    } else if (arg.startsWith('-')) throw new InvalidInputError(`report: unknown flag ${arg}`);
    else return false;
    return true;
  });
  if (images.length === 0) throw new InvalidInputError('report: name at least one image');
  return {
    flags: {
      api: { host, ...pskOf(pskKey, pskIssuer, config) },
      format,
      ...(failOn ? { failOn } : {}),
      timeoutMs,
    },
    images,
  };
}

function pskOf(key: string | undefined, issuer: string, config: Config): Pick<ClairApiOptions, 'psk'> {
  if (key !== undefined) {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) {
      throw new InvalidInputError('--psk-key is not standard padded base64');
    }
    return { psk: { key: new Uint8Array(Buffer.from(key, 'base64')), issuer } };
  }
  const psk = config.auth.psk;
  if (psk === undefined) return {};
  // The config's own issuers are what its server accepts; clairctl's is preferred among them.
  return {
    psk: { key: psk.key, issuer: psk.issuers.includes(issuer) ? issuer : (psk.issuers[0] ?? issuer) },
  };
}

// POSTs the manifest (answered at once when a report by the current scanners is there, and
// re-indexed when the scanners changed since), then waits for IndexFinished, writing a progress
// line on stderr now and then.
async function indexed(
  api: ClairApi,
  image: string,
  manifest: Manifest,
  timeoutMs: number,
  io: CommandIo,
): Promise<IndexReport> {
  let { report } = await api.index(manifest);
  const started = Date.now();
  let lastProgress = 0;
  while (report.state !== 'IndexFinished') {
    if (report.state === 'IndexError')
      throw new UpstreamError(`indexing ${image} failed: ${report.err || 'IndexError'}`);
    const elapsed = Date.now() - started;
    if (elapsed > timeoutMs)
      throw new UpstreamError(
        `${image} was still being indexed (${report.state}) after ${Math.round(elapsed / 1000)} s`,
      );
    if (elapsed - lastProgress >= PROGRESS_MS || lastProgress === 0) {
      io.stderr.write(`indexing ${image}: ${report.state} (${Math.round(elapsed / 1000)} s)\n`);
      lastProgress = Math.max(elapsed, 1);
    }
    await sleep(POLL_MS);
    report = (await api.indexReport(manifest.hash)) ?? report;
  }
  return report;
}
