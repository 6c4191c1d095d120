import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { type Advisory, parseAdvisory } from '../../../../lib/ecosystems/osv/advisory.ts';
import { advisoryBase } from '../../../../lib/ecosystems/osv/advisory-base.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { TESTDATA } from './zip-fixture.ts';

const NOW = new Date('2025-01-01T00:00:00Z');

const pypi = async (id: string): Promise<Advisory> =>
  parseAdvisory(parse(await readFile(join(TESTDATA, 'pypi', `${id}.yaml`), 'utf8')), `${id}.json`);

const advisory = (fields: Record<string, unknown>): Advisory =>
  parseAdvisory(
    {
      id: 'PYSEC-2099-1',
      affected: [{ package: { ecosystem: 'PyPI', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [] }] }],
      ...fields,
    },
    'PYSEC-2099-1.json',
  );

describe('osv advisory base', () => {
  it('names the advisory by its id, describes it by its summary', async () => {
    const a = await pypi('PYSEC-2023-120');

    const base = advisoryBase(a, 'PYSEC-2023-120.json', NOW);

    assert.equal(base?.name, 'PYSEC-2023-120');
    assert.equal(base?.description, a.summary);
  });

  it('skips an advisory that lists affected versions but no ranges', async () => {
    assert.equal(advisoryBase(await pypi('PYSEC-2024-1'), 'PYSEC-2024-1.json', NOW), undefined);
  });

  it('describes an advisory without a summary by its details', async () => {
    const a = await pypi('PYSEC-2015-19');

    assert.equal(advisoryBase(a, 'PYSEC-2015-19.json', NOW)?.description, a.details);
  });

  it('links the references, then osv.dev for each alias, each once', async () => {
    const a = await pypi('PYSEC-2023-246');

    // The advisory lists the GHSA page twice.
    assert.equal(
      advisoryBase(a, 'PYSEC-2023-246.json', NOW)?.links,
      [
        'https://github.com/aio-libs/aiohttp/security/advisories/GHSA-gfw2-4jvh-wgfg',
        'https://github.com/aio-libs/aiohttp/commit/d5c12ba890557a575c313bb3017910d7616fce3d',
        'https://osv.dev/vulnerability/CVE-2023-47627',
        'https://osv.dev/vulnerability/GHSA-gfw2-4jvh-wgfg',
      ].join(' '),
    );
  });

  it('dates the advisory by its publication, or not at all', async () => {
    assert.equal(advisoryBase(await pypi('PYSEC-2023-246'), 'x', NOW)?.issued, '2023-11-14T21:15:00Z');
    assert.equal(advisoryBase(await pypi('PYSEC-2024-55'), 'x', NOW)?.issued, undefined);
  });

  it('skips an advisory withdrawn before now', async () => {
    assert.equal(advisoryBase(await pypi('PYSEC-2023-73'), 'PYSEC-2023-73.json', NOW), undefined);
  });

  it('keeps an advisory whose withdrawal is still to come', () => {
    const a = advisory({ withdrawn: '2030-01-01T00:00:00Z' });

    assert.equal(advisoryBase(a, 'x', NOW)?.name, 'PYSEC-2099-1');
  });

  it('skips an advisory without affected packages', () => {
    assert.equal(advisoryBase(advisory({ affected: [] }), 'x', NOW), undefined);
  });

  it('skips an advisory with only GIT ranges', () => {
    const affected = [{ package: { ecosystem: 'PyPI', name: 'x' }, ranges: [{ type: 'GIT', events: [] }] }];

    assert.equal(advisoryBase(advisory({ affected }), 'x', NOW), undefined);
  });

  it('skips an advisory with an alias that is not an OSV id', () => {
    assert.equal(advisoryBase(advisory({ aliases: ['CVE-2099-1', 'nodash'] }), 'x', NOW), undefined);
  });

  it('fails on an advisory id that is not an OSV id, naming the entry', () => {
    assert.throws(
      () => advisoryBase(advisory({ id: 'nodash' }), 'nodash.json', NOW),
      (err: Error) =>
        err instanceof InvalidInputError && err.message.startsWith('osv entry "nodash.json": id "nodash"'),
    );
  });
});
