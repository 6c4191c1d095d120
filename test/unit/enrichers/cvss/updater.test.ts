import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { updaterSets } from '../../../../lib/ecosystems/index.ts';
import { feedUrl, feedYears, metaUrl } from '../../../../lib/enrichers/cvss/fetcher.ts';
import { cvssFeedRoot, cvssUpdaterSet } from '../../../../lib/enrichers/cvss/updater.ts';
import { ConfigError, InvalidInputError } from '../../../../lib/errors.ts';
import { captureLog } from '../../../helpers/log.ts';

const ctx = () => ({ signal: new AbortController().signal, log: captureLog().log, tmpDir: tmpdir() });

describe('clair.cvss updater set', () => {
  it('is offered by the registry as clair.cvss', () => {
    assert.equal(updaterSets().get('clair.cvss'), cvssUpdaterSet);
  });

  it('discovers its one updater, clair.cvss, on NVD by default', async () => {
    assert.deepEqual(await cvssUpdaterSet.discover({}, ctx()), [
      {
        set: 'clair.cvss',
        name: 'clair.cvss',
        params: { feed_root: 'https://nvd.nist.gov/feeds/json/cve/2.0/' },
      },
    ]);
  });

  it('builds an enrichment updater on the configured feed_root', async () => {
    const [spec] = await cvssUpdaterSet.discover({ feed_root: 'http://127.0.0.1:9/nvd/' }, ctx());
    assert.ok(spec !== undefined);
    const updater = cvssUpdaterSet.build(spec, { feed_root: 'http://127.0.0.1:9/nvd/' });
    assert.equal(updater.kind, 'enrichment');
    assert.equal(updater.name, 'clair.cvss');
  });

  it('names the per-year files under feed_root as NVD does', () => {
    assert.equal(metaUrl('http://mirror.test/nvd/', 2016), 'http://mirror.test/nvd/nvdcve-2.0-2016.meta');
    assert.equal(feedUrl('http://mirror.test/nvd/', 2016), 'http://mirror.test/nvd/nvdcve-2.0-2016.json.gz');
  });

  it('covers every year from 2002 to the current one', () => {
    const years = feedYears(new Date('2026-01-01T00:00:00Z'));
    assert.equal(years.length, 25);
    assert.deepEqual([years[0], years.at(-1)], [2002, 2026]);
    assert.equal(feedYears(new Date('2025-12-31T23:59:59Z')).at(-1), 2025);
  });

  const bad: [name: string, raw: Record<string, unknown>, message: string][] = [
    [
      'a feed_root without a trailing slash',
      { feed_root: 'https://mirror.test/nvd' },
      'updaters.config.clair.cvss.feed_root: "https://mirror.test/nvd" must end in /',
    ],
    [
      'a feed_root that is not an http(s) URL',
      { feed_root: 'ftp://mirror.test/nvd/' },
      'updaters.config.clair.cvss.feed_root: "ftp://mirror.test/nvd/" is not an absolute http(s) URL',
    ],
    [
      'an unknown key',
      { feed_url: 'https://mirror.test/' },
      'updaters.config.clair.cvss.feed_url: unknown key (known: feed_root)',
    ],
  ];
  for (const [name, raw, message] of bad) {
    it(`fails ${name} with ConfigError`, () => {
      assert.throws(
        () => cvssFeedRoot(raw),
        (err: Error) => err instanceof ConfigError && err.message === message,
      );
    });
  }

  it('fails to build from a spec without a feed_root', () => {
    assert.throws(
      () => cvssUpdaterSet.build({ set: 'clair.cvss', name: 'clair.cvss', params: {} }, {}),
      (err: Error) =>
        err instanceof InvalidInputError && /feed_root undefined is not a URL/.test(err.message),
    );
  });
});
