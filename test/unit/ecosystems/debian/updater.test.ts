import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { debianUpdaterConfig, debianUpdaterSet } from '../../../../lib/ecosystems/debian/updater.ts';
import { ConfigError, InvalidInputError } from '../../../../lib/errors.ts';
import type { UpdaterContext, Vulnerability } from '../../../../lib/updater/types.ts';
import { captureLog } from '../../../helpers/log.ts';

const TRACKER = join(import.meta.dirname, 'testdata', 'tracker', 'tracker.json');
// Nothing listens there: a request made by mistake fails instead of leaving the machine.
const NOWHERE = 'http://127.0.0.1:9/debian/';

const context = () => {
  const { log, entries } = captureLog();
  const ctx: UpdaterContext = { signal: new AbortController().signal, log, tmpDir: tmpdir() };
  return { ctx, entries };
};

describe('debian updater set', () => {
  it('is the set debian', () => assert.equal(debianUpdaterSet.name, 'debian'));

  it('defaults to the tracker feed and deb.debian.org', () => {
    assert.deepEqual(debianUpdaterConfig({}), {
      jsonUrl: 'https://security-tracker.debian.org/tracker/data/json',
      mirrorUrl: 'https://deb.debian.org/debian/',
      releases: undefined,
    });
  });

  it('adds the slash a mirror URL lacks', () => {
    assert.equal(debianUpdaterConfig({ mirror_url: 'http://127.0.0.1:9/debian' }).mirrorUrl, NOWHERE);
  });

  it('takes configured releases, numbers included, without asking the mirror', async () => {
    const { ctx, entries } = context();
    const specs = await debianUpdaterSet.discover(
      { mirror_url: NOWHERE, json_url: 'http://127.0.0.1:9/json', releases: { bookworm: '12', trixie: 13 } },
      ctx,
    );
    assert.deepEqual(specs, [
      {
        set: 'debian',
        name: 'debian/updater',
        params: { json_url: 'http://127.0.0.1:9/json', releases: '{"bookworm":"12","trixie":"13"}' },
      },
    ]);
    assert.deepEqual(entries, []);
  });

  const bad: [name: string, raw: Record<string, unknown>, message: string][] = [
    [
      'an unknown key',
      { feed_url: 'x' },
      'updaters.config.debian.feed_url: unknown key (known: json_url, mirror_url, releases)',
    ],
    ...['archive_url', 'oval_url', 'url', 'dists_url'].map(
      (key): [string, Record<string, unknown>, string] => [
        `the retired key ${key}`,
        { json_url: 'https://security-tracker.debian.org/tracker/data/json', [key]: 'https://example.org/' },
        `updaters.config.debian.${key}: no longer supported: the feed is json_url and the releases come from mirror_url`,
      ],
    ),
    [
      'a json_url that is no URL',
      { json_url: 'tracker' },
      'updaters.config.debian.json_url: "tracker" is not an absolute http(s) URL',
    ],
    [
      'a list of releases',
      { releases: ['bookworm'] },
      'updaters.config.debian.releases: want a mapping of names to strings, got ["bookworm"]',
    ],
    [
      'no releases',
      { releases: {} },
      'updaters.config.debian.releases: {} names no release: want codenames such as bookworm: "12"',
    ],
    [
      'a release version that is no major version',
      { releases: { bookworm: '12.5' } },
      'updaters.config.debian.releases.bookworm: "12.5" is not a major version: want digits such as "12"',
    ],
  ];
  for (const [name, raw, message] of bad) {
    it(`fails on ${name}`, async () => {
      await assert.rejects(debianUpdaterSet.discover(raw, context().ctx), {
        name: ConfigError.name,
        message,
      });
    });
  }

  it('builds the updater debian/updater from its spec and parses a spooled feed', async () => {
    const updater = debianUpdaterSet.build(
      {
        set: 'debian',
        name: 'debian/updater',
        params: { json_url: 'http://127.0.0.1:9/json', releases: '{"trixie":"13"}' },
      },
      {},
    );
    const got: Vulnerability[] = [];
    for await (const v of updater.parse(TRACKER, context().ctx)) got.push(v);
    assert.equal(updater.name, 'debian/updater');
    assert.equal(got.length, 11);
    assert.ok(got.every((v) => v.dist?.versionCodeName === 'trixie' && v.dist.versionId === '13'));
  });

  it('names the feed URL when a spooled feed is malformed', async () => {
    const updater = debianUpdaterSet.build(
      {
        set: 'debian',
        name: 'debian/updater',
        params: { json_url: 'http://127.0.0.1:9/json', releases: '{"trixie":"13"}' },
      },
      {},
    );
    const parse = async () => {
      for await (const _ of updater.parse(
        join(import.meta.dirname, 'testdata', 'tracker', 'README.md'),
        context().ctx,
      ));
    };
    await assert.rejects(parse, {
      name: InvalidInputError.name,
      message: /^debian tracker feed http:\/\/127\.0\.0\.1:9\/json: malformed JSON at byte 0: /,
    });
  });

  const badSpecs: [name: string, params: Record<string, string>, message: string][] = [
    [
      'no json_url',
      { releases: '{"trixie":"13"}' },
      'updater debian/updater: json_url undefined is not a URL',
    ],
    [
      'no releases',
      { json_url: 'http://127.0.0.1:9/json' },
      'updater debian/updater: releases undefined is not JSON',
    ],
  ];
  for (const [name, params, message] of badSpecs) {
    it(`rejects a spec with ${name}`, () => {
      assert.throws(() => debianUpdaterSet.build({ set: 'debian', name: 'debian/updater', params }, {}), {
        name: InvalidInputError.name,
        message,
      });
    });
  }
});
