import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readZipEntries } from '../../../../lib/ecosystems/osv/zip-entries.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { mutate, random } from '../../../helpers/prng.ts';
import { advisoryEntries, TESTDATA, writeZip } from './zip-fixture.ts';

async function collect(file: string, maxBytes?: number): Promise<{ name: string; text: string }[]> {
  const out: { name: string; text: string }[] = [];
  for await (const entry of readZipEntries(file, maxBytes)) out.push(entry);
  return out;
}

describe('osv zip entries', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-osv-zip-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('yields every advisory of a dump, in zip order, as written', async () => {
    const entries = await advisoryEntries(join(TESTDATA, 'go'));
    const file = join(dir, 'go.zip');
    await writeZip(file, entries);

    const got = await collect(file);

    assert.deepEqual(
      got,
      entries.map((e) => ({ name: e.name, text: String(e.data) })),
    );
  });

  it('passes over directories and files that are not JSON', async () => {
    const file = join(dir, 'mixed.zip');
    await writeZip(file, [
      { name: 'README.txt', data: 'not an advisory' },
      { name: 'nested/', data: '' },
      { name: 'GO-2020-0001.json', data: '{}' },
    ]);

    const got = await collect(file);

    assert.deepEqual(got, [{ name: 'GO-2020-0001.json', text: '{}' }]);
  });

  it('reads an empty zip as no entries', async () => {
    const file = join(dir, 'empty.zip');
    await writeZip(file, []);

    assert.deepEqual(await collect(file), []);
  });

  it('rejects a file that is not a zip', async () => {
    const file = join(dir, 'not.zip');
    await writeFile(file, '{"id":"GO-2020-0001"}');

    await assert.rejects(
      collect(file),
      (err: Error) => err instanceof InvalidInputError && /^zip: /.test(err.message),
    );
  });

  it('rejects an entry larger than the limit, naming it', async () => {
    const file = join(dir, 'big.zip');
    await writeZip(file, [{ name: 'BIG-1.json', data: 'x'.repeat(2048) }]);

    await assert.rejects(
      collect(file, 1024),
      (err: Error) => err instanceof InvalidInputError && err.message.includes('"BIG-1.json"'),
    );
  });

  it('rejects an entry that is not UTF-8, naming it', async () => {
    const file = join(dir, 'latin1.zip');
    await writeZip(file, [{ name: 'BAD-1.json', data: Buffer.from([0x22, 0xe9, 0x22]) }]);

    await assert.rejects(
      collect(file),
      (err: Error) => err instanceof InvalidInputError && /"BAD-1.json": not UTF-8/.test(err.message),
    );
  });

  it('keeps the error of a file that cannot be opened', async () => {
    await assert.rejects(
      collect(join(dir, 'missing.zip')),
      (err: Error) => !(err instanceof InvalidInputError),
    );
  });

  it('either reads or rejects with InvalidInputError any corruption of a real dump', async () => {
    const good = join(dir, 'pypi.zip');
    await writeZip(good, await advisoryEntries(join(TESTDATA, 'pypi')));
    const bytes = await readFile(good);
    const r = random(0x05f);
    for (let i = 0; i < 300; i++) {
      const file = join(dir, `corrupt-${i}.zip`);
      await writeFile(file, mutate(bytes, r));
      try {
        await collect(file);
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `case ${i}: ${(err as Error).stack}`);
      }
    }
  });

  it('rejects with InvalidInputError every truncation of a real dump', async () => {
    const good = join(dir, 'go-truncated.zip');
    await writeZip(good, await advisoryEntries(join(TESTDATA, 'go')));
    const bytes = await readFile(good);
    for (let length = 0; length < bytes.length; length += 97) {
      const file = join(dir, `truncated-${length}.zip`);
      await writeFile(file, bytes.subarray(0, length));
      await assert.rejects(collect(file), InvalidInputError, `length ${length}`);
    }
  });

  it('either reads or rejects with InvalidInputError arbitrary bytes', async () => {
    const r = random(0xb17e5);
    for (let i = 0; i < 200; i++) {
      const file = join(dir, `noise-${i}.zip`);
      const noise = Buffer.from(Array.from({ length: r.int(4096) }, () => r.int(256)));
      // Half the cases end like a zip does, so the reader gets past looking for the directory.
      const eocd = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Array.from({ length: 18 }, () => r.int(256))]);
      await writeFile(file, i % 2 === 0 ? noise : Buffer.concat([noise, eocd]));
      try {
        await collect(file);
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `case ${i}: ${(err as Error).stack}`);
      }
    }
  });
});
