import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { osvUpdaterSet } from '../../../../lib/ecosystems/osv/updater.ts';
import { ConfigError, InvalidInputError } from '../../../../lib/errors.ts';
import type { UpdaterContext, Vulnerability } from '../../../../lib/updater/types.ts';
import { captureLog } from '../../../helpers/log.ts';
import { mutate, random } from '../../../helpers/prng.ts';
import { advisoryEntries, TESTDATA, writeZip } from './zip-fixture.ts';

const ROOT = 'https://osv-vulnerabilities.storage.googleapis.com';

async function parseAll(ctx: UpdaterContext, ecosystem: string, file: string): Promise<Vulnerability[]> {
  const [spec] = await osvUpdaterSet.discover({ allowlist: [ecosystem] }, ctx);
  assert.ok(spec !== undefined);
  const out: Vulnerability[] = [];
  for await (const v of osvUpdaterSet.build(spec, {}).parse(file, ctx)) out.push(v);
  return out;
}

describe('osv updater set', () => {
  let ctx: UpdaterContext;
  before(async () => {
    ctx = {
      signal: new AbortController().signal,
      log: captureLog().log,
      tmpDir: await mkdtemp(join(tmpdir(), 'clairless-osv-')),
    };
  });
  after(async () => {
    await rm(ctx.tmpDir, { recursive: true, force: true });
  });

  it('discovers one updater per default ecosystem without asking upstream', async () => {
    const specs = await osvUpdaterSet.discover({}, ctx);
    assert.deepEqual(
      await osvUpdaterSet.discover({ allowlist: [] }, ctx),
      specs,
      'an empty allowlist allows all',
    );

    assert.deepEqual(
      specs.map((s) => [s.set, s.name, s.params.url, s.params.ecosystem]),
      [
        ['osv', 'osv/pypi', `${ROOT}/PyPI/all.zip`, 'PyPI'],
        ['osv', 'osv/go', `${ROOT}/Go/all.zip`, 'Go'],
        ['osv', 'osv/npm', `${ROOT}/npm/all.zip`, 'npm'],
        ['osv', 'osv/maven', `${ROOT}/Maven/all.zip`, 'Maven'],
        ['osv', 'osv/rubygems', `${ROOT}/RubyGems/all.zip`, 'RubyGems'],
        ['osv', 'osv/crates.io', `${ROOT}/crates.io/all.zip`, 'crates.io'],
        ['osv', 'osv/nuget', `${ROOT}/NuGet/all.zip`, 'NuGet'],
        ['osv', 'osv/packagist', `${ROOT}/Packagist/all.zip`, 'Packagist'],
      ],
    );
  });

  it('discovers the allowed ecosystems under the configured root, spelled as the bucket does', async () => {
    const specs = await osvUpdaterSet.discover(
      { url: 'http://mirror.example/osv/', allowlist: ['pypi', 'PyPI', 'hex'] },
      ctx,
    );

    assert.deepEqual(specs, [
      {
        set: 'osv',
        name: 'osv/pypi',
        params: { url: 'http://mirror.example/osv/PyPI/all.zip', ecosystem: 'PyPI' },
      },
      {
        set: 'osv',
        name: 'osv/hex',
        params: { url: 'http://mirror.example/osv/Hex/all.zip', ecosystem: 'Hex' },
      },
    ]);
  });

  it('escapes an ecosystem name in the dump URL', async () => {
    const [spec] = await osvUpdaterSet.discover({ allowlist: ['Photon OS'] }, ctx);

    assert.equal(spec?.params.url, `${ROOT}/Photon%20OS/all.zip`);
  });

  const badConfigs: { name: string; config: Record<string, unknown>; message: RegExp }[] = [
    { name: 'an unknown key', config: { urls: ROOT }, message: /^updaters\.config\.osv\.urls: unknown key/ },
    {
      name: 'a URL that is not http(s)',
      config: { url: 'ftp://x' },
      message: /^updaters\.config\.osv\.url: "ftp:\/\/x"/,
    },
    {
      name: 'an allowlist that is not a list',
      config: { allowlist: 'PyPI' },
      message: /^updaters\.config\.osv\.allowlist: want a list/,
    },
    {
      name: 'an ecosystem with its own updater set',
      config: { allowlist: ['PyPI', 'Debian'] },
      message: /^updaters\.config\.osv\.allowlist: "Debian" not fetched from OSV/,
    },
  ];
  for (const { name, config, message } of badConfigs) {
    it(`fails on ${name}`, async () => {
      await assert.rejects(
        osvUpdaterSet.discover(config, ctx),
        (err: Error) => err instanceof ConfigError && message.test(err.message),
      );
    });
  }

  it('builds the updater a spec names', () => {
    const updater = osvUpdaterSet.build(
      { set: 'osv', name: 'osv/go', params: { url: `${ROOT}/Go/all.zip`, ecosystem: 'Go' } },
      {},
    );

    assert.equal(updater.name, 'osv/go');
  });

  it('rejects a spec without its url and ecosystem', () => {
    assert.throws(
      () => osvUpdaterSet.build({ set: 'osv', name: 'osv/go', params: { ecosystem: 'Go' } }, {}),
      InvalidInputError,
    );
  });

  for (const [ecosystem, dir] of [
    ['PyPI', 'pypi'],
    ['Go', 'go'],
    ['Maven', 'maven'],
  ] as const) {
    it(`parses a ${ecosystem} dump into the vulnerabilities of ${dir}.want.json`, async () => {
      const file = join(ctx.tmpDir, `${dir}.zip`);
      await writeZip(file, await advisoryEntries(join(TESTDATA, dir)));

      const got = await parseAll(ctx, ecosystem, file);

      const want: unknown = JSON.parse(await readFile(join(TESTDATA, `${dir}.want.json`), 'utf8'));
      assert.deepEqual(JSON.parse(JSON.stringify(got)), want);
    });
  }

  it('either parses or rejects with InvalidInputError any corruption of a real dump', async () => {
    const good = join(ctx.tmpDir, 'good.zip');
    await writeZip(good, await advisoryEntries(join(TESTDATA, 'pypi')));
    const bytes = await readFile(good);
    const r = random(0x0c5);
    for (let i = 0; i < 200; i++) {
      const file = join(ctx.tmpDir, `corrupt-${i}.zip`);
      await writeFile(file, mutate(bytes, r));
      try {
        await parseAll(ctx, 'PyPI', file);
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `case ${i}: ${(err as Error).stack}`);
      }
    }
  });
});
