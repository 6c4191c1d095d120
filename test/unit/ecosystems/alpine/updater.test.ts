import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { alpineUpdaterConfig, alpineUpdaterSet } from '../../../../lib/ecosystems/alpine/updater.ts';
import { ConfigError, InvalidInputError } from '../../../../lib/errors.ts';
import type { UpdaterContext, Vulnerability } from '../../../../lib/updater/types.ts';
import { captureLog } from '../../../helpers/log.ts';
import { SECDB_TESTDATA } from './secdb-yaml.ts';

// Nothing listens there: a request made by mistake fails instead of leaving the machine.
const NOWHERE = 'http://127.0.0.1:9/';

const context = () => {
  const { log, entries } = captureLog();
  const ctx: UpdaterContext = { signal: new AbortController().signal, log, tmpDir: tmpdir() };
  return { ctx, entries };
};

describe('alpine updater set', () => {
  it('is the set alpine', () => assert.equal(alpineUpdaterSet.name, 'alpine'));

  it('defaults to secdb.alpinelinux.org and probing', () => {
    assert.deepEqual(alpineUpdaterConfig({}), { url: 'https://secdb.alpinelinux.org/', releases: undefined });
  });

  it('adds the slash a base URL lacks', () => {
    assert.equal(alpineUpdaterConfig({ url: 'http://127.0.0.1:9/secdb' }).url, 'http://127.0.0.1:9/secdb/');
  });

  it('makes a main and a community updater per configured release without probing', async () => {
    const { ctx, entries } = context();
    const specs = await alpineUpdaterSet.discover({ url: NOWHERE, releases: ['v3.18', 'edge'] }, ctx);
    assert.deepEqual(specs, [
      {
        set: 'alpine',
        name: 'alpine-main-v3.18-updater',
        params: { url: `${NOWHERE}v3.18/main.json`, release: 'v3.18' },
      },
      {
        set: 'alpine',
        name: 'alpine-community-v3.18-updater',
        params: { url: `${NOWHERE}v3.18/community.json`, release: 'v3.18' },
      },
      {
        set: 'alpine',
        name: 'alpine-main-edge-updater',
        params: { url: `${NOWHERE}edge/main.json`, release: 'edge' },
      },
      {
        set: 'alpine',
        name: 'alpine-community-edge-updater',
        params: { url: `${NOWHERE}edge/community.json`, release: 'edge' },
      },
    ]);
    assert.deepEqual(entries, []);
  });

  const bad: [name: string, raw: Record<string, unknown>, message: string][] = [
    [
      'an unknown key',
      { last_update: 'x' },
      'updaters.config.alpine.last_update: unknown key (known: url, releases)',
    ],
    [
      'a url that is no URL',
      { url: 'secdb' },
      'updaters.config.alpine.url: "secdb" is not an absolute http(s) URL',
    ],
    [
      'releases that are a string',
      { releases: 'v3.18' },
      'updaters.config.alpine.releases: want a list of strings, got "v3.18"',
    ],
    [
      'a release that is no secdb folder',
      { releases: ['v3.18', '3.19'] },
      'updaters.config.alpine.releases[1]: "3.19" is not a secdb release: want vX.Y or edge',
    ],
  ];
  for (const [name, raw, message] of bad) {
    it(`fails on ${name}`, async () => {
      await assert.rejects(alpineUpdaterSet.discover(raw, context().ctx), {
        name: ConfigError.name,
        message,
      });
    });
  }

  it('builds an updater from its spec that parses a spooled secdb document', async () => {
    const updater = alpineUpdaterSet.build(
      {
        set: 'alpine',
        name: 'alpine-community-v3.10-updater',
        params: { url: `${NOWHERE}v3.10/community.json`, release: 'v3.10' },
      },
      {},
    );
    const got: Vulnerability[] = [];
    for await (const v of updater.parse(
      join(SECDB_TESTDATA, 'claircore-v3.10-community.json'),
      context().ctx,
    ))
      got.push(v);
    assert.equal(updater.name, 'alpine-community-v3.10-updater');
    assert.equal(got.length, 9);
    assert.ok(got.every((v) => v.dist?.version === '3.10'));
  });

  it('names the feed URL when a spooled document is malformed', async () => {
    const updater = alpineUpdaterSet.build(
      {
        set: 'alpine',
        name: 'alpine-main-v3.6-updater',
        params: { url: `${NOWHERE}v3.6/main.json`, release: 'v3.6' },
      },
      {},
    );
    const parse = async () => {
      for await (const _ of updater.parse(join(SECDB_TESTDATA, 'v3.6', 'main.yaml'), context().ctx));
    };
    await assert.rejects(parse, {
      name: InvalidInputError.name,
      message: /^alpine secdb http:\/\/127\.0\.0\.1:9\/v3\.6\/main\.json: malformed JSON at byte 1: /,
    });
  });

  const badSpecs: [name: string, params: Record<string, string>, message: string][] = [
    ['no url', { release: 'v3.18' }, 'updater alpine-main-v3.18-updater: url undefined is not a URL'],
    ['no release', { url: NOWHERE }, 'updater alpine-main-v3.18-updater: release "" is not vX.Y or edge'],
    [
      'a bad release',
      { url: NOWHERE, release: '3.18' },
      'updater alpine-main-v3.18-updater: release "3.18" is not vX.Y or edge',
    ],
  ];
  for (const [name, params, message] of badSpecs) {
    it(`rejects a spec with ${name}`, () => {
      assert.throws(
        () => alpineUpdaterSet.build({ set: 'alpine', name: 'alpine-main-v3.18-updater', params }, {}),
        {
          name: InvalidInputError.name,
          message,
        },
      );
    });
  }
});
