import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dockerCredentials } from '../../../lib/registry/docker-config.ts';

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

describe('credentials from docker config', () => {
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-docker-config-'));
    // A real credential helper on PATH, speaking docker's protocol: server URL in, JSON out.
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(
      join(bin, 'docker-credential-test'),
      '#!/bin/sh\nread server\nif [ "$server" = "helped.example.com" ]; then echo \'{"ServerURL":"helped.example.com","Username":"bot","Secret":"tok"}\'; else echo "credentials not found in native keychain"; exit 1; fi\n',
    );
    await chmod(join(bin, 'docker-credential-test'), 0o755);
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: basic('hubuser', 'hubpass') },
          'registry.example.com': { auth: basic('alice', 'pa:ss') },
          'https://other.example.com/v2/': { username: 'bob', password: 'pw' },
        },
        credHelpers: { 'helped.example.com': 'test', 'nobody.example.com': 'test' },
      }),
    );
    env = { DOCKER_CONFIG: dir, PATH: [bin, process.env.PATH].join(delimiter) };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('finds the entry docker would use for each registry', async () => {
    assert.deepEqual(await dockerCredentials('docker.io', env), { username: 'hubuser', password: 'hubpass' });
    assert.deepEqual(await dockerCredentials('registry.example.com', env), {
      username: 'alice',
      password: 'pa:ss',
    });
    assert.deepEqual(await dockerCredentials('other.example.com', env), { username: 'bob', password: 'pw' });
    assert.deepEqual(await dockerCredentials('helped.example.com', env), {
      username: 'bot',
      password: 'tok',
    });
    assert.equal(await dockerCredentials('nobody.example.com', env), undefined);
    assert.equal(await dockerCredentials('unknown.example.com', env), undefined);
    assert.equal(await dockerCredentials('docker.io', { DOCKER_CONFIG: join(dir, 'absent') }), undefined);
  });

  it('fails naming a config that is not JSON', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'clairless-docker-config-'));
    await writeFile(join(bad, 'config.json'), '{"auths": ');
    await assert.rejects(dockerCredentials('docker.io', { DOCKER_CONFIG: bad }), /config\.json is not JSON/);
    await rm(bad, { recursive: true, force: true });
  });
});
