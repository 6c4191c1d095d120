import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseConfig } from '../../../lib/config/load.ts';
import type { IndexReport } from '../../../lib/indexer/index-report.ts';
import { startLocalRuntime } from '../../../lib/local/runtime.ts';
import { startLayerServer } from '../../helpers/layer-server.ts';
import { digestOf } from '../../helpers/layers.ts';
import { localSetup } from '../../helpers/local-config.ts';
import { captureLog } from '../../helpers/log.ts';

const ROOTFS = join(import.meta.dirname, '../../../.cache/fixtures/debian-bookworm-minbase.tar');

/** What dpkg itself says is installed: name, version, arch, source name, source version. */
function dpkgQuery(rootfsTar: string, dir: string): string[] {
  execFileSync('tar', ['-xf', rootfsTar, '-C', dir, './var/lib/dpkg']);
  const out = execFileSync(
    'dpkg-query',
    [
      `--admindir=${join(dir, 'var/lib/dpkg')}`,
      '-W',
      '-f',
      // dpkg-query's own field syntax, not a template.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query format
      '${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n',
    ],
    { encoding: 'utf8' },
  );
  return out
    .split('\n')
    .filter((line) => line.startsWith('ii'))
    .map((line) => line.split('\t').slice(1).join(' '))
    .sort();
}

describe('a real Debian rootfs layer', () => {
  it('lists exactly the packages dpkg-query lists, and Debian 12', async (t) => {
    if (!existsSync(ROOTFS)) {
      t.skip('no rootfs: run test/fixtures/make-debian-rootfs.sh (needs mmdebstrap; .ci/run does it)');
      return;
    }
    try {
      execFileSync('dpkg-query', ['--version']);
    } catch {
      t.skip('dpkg-query is not installed (apt-get install dpkg)');
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'clairless-rootfs-'));
    const dpkg = dpkgQuery(ROOTFS, dir);
    await rm(dir, { recursive: true, force: true });
    const bytes = gzipSync(readFileSync(ROOTFS), { level: 1 });
    const blob = { digest: digestOf(bytes), bytes };
    const server = await startLayerServer([blob]);
    const setup = await localSetup('indexer:\n  request_wait: 120s\n  allow_private_networks: true\n');
    const runtime = await startLocalRuntime(
      parseConfig(setup.yaml, 'rootfs.yaml', {}).config,
      captureLog().log,
    );
    try {
      const manifest = {
        hash: digestOf(Buffer.from(blob.digest)),
        layers: [{ hash: blob.digest, uri: server.uri(blob) }],
      };
      const res = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report`, {
        method: 'POST',
        body: JSON.stringify(manifest),
      });
      const report = (await res.json()) as IndexReport;
      assert.equal(res.status, 201);
      assert.equal(report.state, 'IndexFinished', report.err);
      const ours = Object.values(report.packages)
        .map((p) => `${p.name} ${p.version} ${p.arch} ${p.source?.name} ${p.source?.version}`)
        .sort();
      assert.ok(dpkg.length > 50, `dpkg-query lists ${dpkg.length} packages`);
      assert.deepEqual(ours, dpkg);
      const dists = Object.values(report.distributions);
      assert.deepEqual(
        dists.map((d) => [d.did, d.version_id, d.version_code_name, d.pretty_name]),
        [['debian', '12', 'bookworm', 'Debian GNU/Linux 12 (bookworm)']],
      );
      for (const envs of Object.values(report.environments)) {
        assert.deepEqual(
          envs.map((e) => [e.package_db, e.introduced_in, e.distribution_id]),
          [['var/lib/dpkg/status', blob.digest, dists[0]?.id]],
        );
      }
    } finally {
      await runtime.stop();
      await server.close();
    }
  });
});
