import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runClairless } from '../../helpers/clairless-cli.ts';
import { freePort } from '../../helpers/free-port.ts';
import { ALPINE_3_10_OS_RELEASE, layerFromTree } from '../../helpers/layers.ts';
import {
  HTPASSWD_USER,
  type PushedImage,
  pushImage,
  registryMissing,
  startRegistry,
  type TestRegistry,
} from '../../helpers/registry.ts';

// As a user runs it, with a docker config of their own (none here) and maybe a password on stdin.
const clairless = (args: readonly string[], home: string, stdin = '') =>
  runClairless(args, { PATH: process.env.PATH, DOCKER_CONFIG: home, HOME: home }, stdin);

describe('clairless manifest', { skip: registryMissing() }, () => {
  let open: TestRegistry;
  let locked: TestRegistry;
  let image: PushedImage;
  let home: string;

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'clairless-home-'));
    [open, locked] = await Promise.all([startRegistry(), startRegistry('htpasswd')]);
    const layers = [await layerFromTree({ 'etc/os-release': ALPINE_3_10_OS_RELEASE })];
    image = await pushImage(open, 'team/app', '1.4', layers);
    await pushImage(locked, 'private/app', '1.4', layers);
  });
  after(() => Promise.all([open?.stop(), locked?.stop(), rm(home, { recursive: true, force: true })]));

  it('prints the Clair manifest of each image, one JSON document per line', async () => {
    const { code, stdout, stderr } = await clairless(
      ['manifest', `${open.host}/team/app:1.4`, `${open.host}/team/app@${image.digest}`],
      home,
    );
    assert.equal(code, 0, stderr);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(lines.length, 2);
    for (const manifest of lines) {
      assert.equal(manifest.hash, image.digest);
      assert.deepEqual(manifest.layers, [
        {
          hash: image.layers[0]?.digest,
          uri: `${open.url}/v2/team/app/blobs/${image.layers[0]?.digest}`,
          headers: {},
        },
      ]);
    }
  });

  it('signs in with --username and the password on stdin', async () => {
    const { code, stdout, stderr } = await clairless(
      [
        'manifest',
        '--username',
        HTPASSWD_USER.username,
        '--password-stdin',
        `${locked.host}/private/app:1.4`,
      ],
      home,
      `${HTPASSWD_USER.password}\n`,
    );
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout).layers[0].headers, { Authorization: [locked.authorization] });
  });

  it('says in one line what is wrong, and exits non-zero', async () => {
    const closed = await freePort();
    for (const [args, stdin, want] of [
      [
        ['manifest', `${open.host}/team/app:9.9`],
        '',
        /^clairless: 127\.0\.0\.1:\d+\/team\/app:9\.9 not found in 127\.0\.0\.1:\d+: MANIFEST_UNKNOWN: manifest unknown\n$/,
      ],
      [
        ['manifest', `${locked.host}/private/app:1.4`],
        '',
        /^clairless: registry 127\.0\.0\.1:\d+ wants credentials for private\/app: run docker login/,
      ],
      [
        ['manifest', '--username', 'alice', '--password-stdin', `${locked.host}/private/app:1.4`],
        'nope\n',
        /^clairless: registry .* refused the credentials for private\/app \(401\)/,
      ],
      [
        ['manifest', `127.0.0.1:${closed}/team/app:1.4`],
        '',
        /^clairless: cannot reach registry 127\.0\.0\.1:\d+: connect ECONNREFUSED 127\.0\.0\.1:\d+\n$/,
      ],
      [['manifest', 'Team/App'], '', /^clairless: image reference "Team\/App" has a bad repository name/],
      [['manifest', '--platform', 'amd64', 'x'], '', /^clairless: platform "amd64" is not os\/architecture/],
    ] as const) {
      const { code, stdout, stderr } = await clairless(args, home, stdin);
      assert.notEqual(code, 0, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, want);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
    }
  });
});
