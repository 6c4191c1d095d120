import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readLines } from '../../../lib/updater/read-lines.ts';

async function collect(chunks: readonly string[] | readonly Buffer[]): Promise<string[]> {
  const out: string[] = [];
  const input = (async function* () {
    for (const c of chunks) yield Buffer.isBuffer(c) ? c : Buffer.from(c);
  })();
  for await (const line of readLines(input)) out.push(line);
  return out;
}

describe('readLines', () => {
  it('splits on \\n and \\r\\n, across chunks, keeping a last line without newline', async () => {
    assert.deepEqual(await collect(['a\nb', 'c\r\n\nd']), ['a', 'bc', '', 'd']);
    assert.deepEqual(await collect(['a\n']), ['a']);
    assert.deepEqual(await collect([]), []);
  });

  it('decodes a character whose bytes two chunks share', async () => {
    const bytes = Buffer.from('é\nü');
    assert.deepEqual(await collect([bytes.subarray(0, 1), bytes.subarray(1)]), ['é', 'ü']);
  });

  it('reads no further than the consumer has asked', async () => {
    let given = 0;
    const input = (async function* () {
      for (let i = 0; i < 1000; i++) {
        given++;
        yield Buffer.from(`line ${i}\n`);
      }
    })();
    const lines = readLines(input);
    await lines.next();
    await lines.next();
    assert.ok(given <= 2, `${given} chunks read for 2 lines`);
    await lines.return(undefined);
  });
});
