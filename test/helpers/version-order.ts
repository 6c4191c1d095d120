// Shared shapes of the version comparator tests: ordered chains, and parsers fed random text.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { InvalidInputError } from '../../lib/errors.ts';
import { random } from './prng.ts';

export type Chain = { readonly name: string; readonly ascending: readonly string[] };

/** One test per chain: each version sorts below the next, both ways round. */
export function orderChains(compare: (a: string, b: string) => number, chains: readonly Chain[]): void {
  for (const { name, ascending } of chains) {
    it(`orders ${name}`, () => {
      for (let i = 1; i < ascending.length; i++) {
        const [lower = '', higher = ''] = [ascending[i - 1], ascending[i]];
        assert.equal(compare(lower, higher), -1, `${lower} < ${higher}`);
        assert.equal(compare(higher, lower), 1, `${higher} > ${lower}`);
      }
    });
  }
}

/** 5,000 random texts of the alphabet's pieces, each read or refused with InvalidInputError. */
export function readsOrRefuses(
  parse: (text: string) => unknown,
  alphabet: readonly string[],
  maxPieces: number,
  seed: number,
): void {
  it('reads any text or throws InvalidInputError', () => {
    const r = random(seed);
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: r.int(maxPieces) }, () => alphabet[r.int(alphabet.length)]).join('');
      try {
        parse(text);
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `${JSON.stringify(text)}: ${String(err)}`);
      }
    }
  });
}
