// The CLI as a user meets it: a Debian 12 rootfs pushed to a real registry, the local stack
// indexing it and loading a Debian tracker feed through its updater, and `clairless report`
// reading the image from the registry and printing its vulnerabilities.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseConfig } from '../../lib/config/load.ts';
import { type LocalRuntime, startLocalRuntime } from '../../lib/local/runtime.ts';
import type { VulnerabilityReport } from '../../lib/matcher/vulnerability-report.ts';
import { runClairless } from '../helpers/clairless-cli.ts';
import { type FeedServer, startFeedServer } from '../helpers/feed-server.ts';
import { digestOf } from '../helpers/layers.ts';
import { firstUpdateOperation, localSetup } from '../helpers/local-config.ts';
import { captureLog } from '../helpers/log.ts';
import { pushImage, registryMissing, startRegistry, type TestRegistry } from '../helpers/registry.ts';

const ROOTFS = join(import.meta.dirname, '../../.cache/fixtures/debian-bookworm-minbase.tar');
const PSK = Buffer.from('clairless e2e pre-shared key 32b').toString('base64');

type Installed = { readonly name: string; readonly version: string; readonly source: string };

// The installed binaries and their source names, read from the rootfs's own dpkg status.
function installedPackages(rootfs: string): Installed[] {
  const status = execFileSync('tar', ['-xOf', rootfs, './var/lib/dpkg/status'], {
    encoding: 'utf8',
    maxBuffer: 2 ** 26,
  });
  return status
    .split('\n\n')
    .map((paragraph) =>
      Object.fromEntries(
        paragraph
          .split('\n')
          .flatMap((l) =>
            /^[A-Z]/.test(l) ? [[l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]] : [],
          ),
      ),
    )
    .filter((p) => p.Package && p.Version && p.Status === 'install ok installed')
    .map((p) => ({
      name: p.Package as string,
      version: p.Version as string,
      source: String(p.Source ?? p.Package).replace(/ \(.*\)$/, ''),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const skip =
  registryMissing() ??
  (existsSync(ROOTFS)
    ? undefined
    : 'no rootfs: run test/fixtures/make-debian-rootfs.sh (needs mmdebstrap; .ci/run does it)');

describe('clairless report against a real registry and the local stack', { skip }, () => {
  let registry: TestRegistry;
  let feeds: FeedServer;
  let runtime: LocalRuntime;
  let home: string;
  let image: string;
  // Sources with an issue, and the binaries built from them (each is reported).
  let sources: Installed[];
  let vulnerable: { readonly pkg: Installed; readonly cve: string; readonly fixed: string }[];

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'clairless-home-'));
    registry = await startRegistry();
    const bytes = gzipSync(readFileSync(ROOTFS), { level: 1 });
    await pushImage(registry, 'debian', 'test', [{ digest: digestOf(bytes), bytes }]);
    image = `${registry.host}/debian:test`;
    // For the first four sources built into a binary of their own name: an issue fixed in a later
    // bookworm update (urgency medium reads as High) and one fixed at the installed version.
    const installed = installedPackages(ROOTFS);
    sources = installed.filter((p) => p.source === p.name).slice(0, 4);
    vulnerable = installed.flatMap((pkg) => {
      const i = sources.findIndex((s) => s.name === pkg.source);
      const source = sources[i];
      return source === undefined
        ? []
        : [{ pkg, cve: `CVE-2099-${1000 + i}`, fixed: `${source.version}+deb12u99` }];
    });
    const tracker: Record<string, Record<string, unknown>> = {};
    sources.forEach((pkg, i) => {
      tracker[pkg.name] = {
        [`CVE-2099-${1000 + i}`]: {
          description: 'later fix',
          releases: {
            bookworm: { status: 'resolved', fixed_version: `${pkg.version}+deb12u99`, urgency: 'medium' },
          },
        },
        [`CVE-2099-${2000 + i}`]: {
          description: 'fixed here',
          releases: { bookworm: { status: 'resolved', fixed_version: pkg.version, urgency: 'high' } },
        },
      };
    });
    feeds = await startFeedServer();
    feeds.set('/tracker/data/json', { body: JSON.stringify(tracker) });
    const setup = await localSetup(
      // request_wait 1s: the CLI sees 202 and polls, as it would for a large image.
      `indexer: {allow_private_networks: true, request_wait: 1s}\nauth: {psk: {key: ${JSON.stringify(PSK)}, iss: [clairctl]}}`,
      `updaters: {sets: [debian], config: {debian: {json_url: "${feeds.url}/tracker/data/json", releases: {bookworm: "12"}}}}`,
    );
    runtime = await startLocalRuntime(parseConfig(setup.yaml, 'local.yaml', {}).config, captureLog().log);
    // The updaters run when the stack starts; wait for their first operation.
    const token = await runClairlessToken();
    await firstUpdateOperation(runtime.apiUrl, 'debian/updater', { authorization: `Bearer ${token}` });
  });
  after(async () => {
    await runtime?.stop();
    await Promise.all([registry?.stop(), feeds?.close(), rm(home, { recursive: true, force: true })]);
  });

  const report = (...args: string[]) =>
    runClairless(['report', '--host', runtime.apiUrl, '--psk-key', PSK, ...args], {
      PATH: process.env.PATH,
      HOME: home,
      DOCKER_CONFIG: home,
    });

  it("lists the image's known vulnerabilities, most severe first, and exits 0", async () => {
    const { code, stdout, stderr } = await report(image);
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^PACKAGE\s+INSTALLED\s+VULNERABILITY\s+SEVERITY\s+FIXED IN$/);
    const rows = lines.slice(1, -2).map((line) => line.split(/\s{2,}/));
    assert.deepEqual(
      rows,
      vulnerable.map(({ pkg, cve, fixed }) => [pkg.name, pkg.version, cve, 'High', fixed]),
    );
    const n = vulnerable.length;
    assert.ok(n > sources.length, 'a source builds several binaries: each is reported');
    assert.equal(lines.at(-1), `${image}: ${n} vulnerabilities (${n} high) in ${n} packages`);
    assert.match(stderr, /indexing 127\.0\.0\.1:\d+\/debian:test: \w+ \(\d+ s\)/);
  });

  it('fails a pipeline with --fail-on when a vulnerability is that severe, and gives JSON on request', async () => {
    assert.equal((await report('--fail-on', 'high', image)).code, 3);
    assert.equal((await report('--fail-on', 'Critical', image)).code, 0);
    const { code, stdout } = await report('--format', 'json', image);
    assert.equal(code, 0);
    const json = JSON.parse(stdout) as VulnerabilityReport;
    assert.deepEqual(
      Object.values(json.vulnerabilities)
        .map((v) => v.name)
        .sort(),
      sources.map((_, i) => `CVE-2099-${1000 + i}`),
    );
  });

  it("signs with the config's pre-shared key when no --psk-key is given", async () => {
    const config = join(home, 'clairless.yaml');
    await writeFile(config, `auth: {psk: {key: ${JSON.stringify(PSK)}, iss: [quay, clairctl]}}\n`);
    const env = { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: home };
    const signed = await runClairless(
      ['report', '--config', config, '--host', runtime.apiUrl, '--format', 'json', image],
      env,
    );
    assert.equal(signed.code, 0, signed.stderr);
    const anonymous = await runClairless(['report', '--host', runtime.apiUrl, image], env);
    assert.equal(anonymous.code, 2);
    assert.match(
      anonymous.stderr,
      /refused the request \(401\): .*\(give --psk-key, or a config with auth\.psk\)\n$/,
    );
  });

  it('says in one line what is wrong: a wrong image, an unreachable registry, a refused token', async () => {
    for (const [args, want] of [
      [
        [`${registry.host}/debian:nope`],
        /^clairless: 127\.0\.0\.1:\d+\/debian:nope not found in 127\.0\.0\.1:\d+: MANIFEST_UNKNOWN/,
      ],
      [
        ['--psk-key', Buffer.from('a wrong key, 32 bytes long......').toString('base64'), image],
        /^clairless: http:\/\/127\.0\.0\.1:\d+ refused the request \(401\): /,
      ],
    ] as const) {
      const { code, stdout, stderr } = await report(...args);
      assert.notEqual(code, 0);
      assert.equal(stdout, '');
      assert.match(stderr, want);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
    }
  });
});

// The same token the CLI signs, for the test's own request.
async function runClairlessToken(): Promise<string> {
  const { signIntraserviceToken } = await import('../../lib/auth/sign.ts');
  return signIntraserviceToken(new Uint8Array(Buffer.from(PSK, 'base64')), 'clairctl');
}
