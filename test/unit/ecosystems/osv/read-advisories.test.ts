import assert from 'node:assert/strict';
import { mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readAdvisories } from '../../../../lib/ecosystems/osv/read-advisories.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { advisoryEntries, TESTDATA, writeZip } from './zip-fixture.ts';

const FEED = 'https://osv.test/Go/all.zip';

async function ids(file: string, signal = new AbortController().signal): Promise<string[]> {
  const out: string[] = [];
  for await (const { advisory } of readAdvisories(file, FEED, signal)) out.push(advisory.id);
  return out;
}

describe('osv dump advisories', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-osv-read-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses each advisory of the zip', async () => {
    const file = join(dir, 'maven.zip');
    await writeZip(file, await advisoryEntries(join(TESTDATA, 'maven')));

    assert.deepEqual(await ids(file), ['GHSA-6f9g-cxwr-q5jr']);
  });

  it('rejects an entry that is not JSON, naming it', async () => {
    const file = join(dir, 'broken.zip');
    await writeZip(file, [
      { name: 'GO-1.json', data: '{"id":"GO-1"}' },
      { name: 'GO-2.json', data: '{"id":' },
    ]);

    await assert.rejects(
      ids(file),
      (err: Error) =>
        err instanceof InvalidInputError &&
        err.message.startsWith(`feed ${FEED}: osv entry "GO-2.json": not JSON`),
    );
  });

  it('rejects an entry that is not an advisory, naming it', async () => {
    const file = join(dir, 'list.zip');
    await writeZip(file, [{ name: 'GO-3.json', data: '[1, 2]' }]);

    await assert.rejects(
      ids(file),
      (err: Error) =>
        err instanceof InvalidInputError &&
        err.message.startsWith(`feed ${FEED}: osv entry "GO-3.json": advisory`),
    );
  });

  it('rejects a zip cut off, naming the feed', async () => {
    const file = join(dir, 'go.zip');
    await writeZip(file, await advisoryEntries(join(TESTDATA, 'go')));
    await truncate(file, 600);

    await assert.rejects(
      ids(file),
      (err: Error) => err instanceof InvalidInputError && err.message.startsWith(`feed ${FEED}: zip`),
    );
  });

  it('stops when aborted', async () => {
    const file = join(dir, 'go.zip');
    await writeZip(file, await advisoryEntries(join(TESTDATA, 'go')));
    const abort = new AbortController();
    abort.abort();

    await assert.rejects(ids(file, abort.signal), { name: 'AbortError' });
  });
});
