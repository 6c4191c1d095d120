import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonErrorOffset, lineColumn } from '../../../lib/http/json-error-offset.ts';

const SEEDS = [
  '{"hash":"sha256:aa","layers":[{"hash":"sha256:bb","uri":"https://r/x","headers":{"A":["b"]}}]}',
  '[1, -2.5e3, true, false, null, "s\\n\\u00e9", {}, []]',
  '{"a": {"b": [0, {"c": "d"}]}}',
];
const ALPHABET = '{}[]:,"\\ 0123456789.-eEtrufalsn\n';

// A deterministic pseudo-random sequence, so a failure replays.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('JSON error offset', () => {
  const cases: [string, number, string][] = [
    ['[}', 1, 'line 1 column 2'],
    ['{"hash": x}', 9, 'line 1 column 10'],
    ['{\n  "hash": "sha256:aa",\n  "layers": [}\n}', 38, 'line 3 column 14'],
    ['{"a":1', 6, 'line 1 column 7'],
    ['[1,]', 3, 'line 1 column 4'],
    ['01', 1, 'line 1 column 2'],
    ['[1, 2]x', 6, 'line 1 column 7'],
  ];
  it('answers undefined for valid JSON', () => {
    for (const seed of SEEDS) assert.equal(jsonErrorOffset(seed), undefined);
  });

  for (const [text, offset, where] of cases) {
    it(`finds the error in ${JSON.stringify(text)}`, () => {
      assert.equal(jsonErrorOffset(text), offset);
      assert.equal(lineColumn(text, offset), where);
    });
  }

  it('agrees with JSON.parse on which of thousands of mutated documents are valid', () => {
    const next = random(42);
    for (let round = 0; round < 5000; round++) {
      let text = SEEDS[round % SEEDS.length] as string;
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        const at = Math.floor(next() * (text.length + 1));
        const char = ALPHABET[Math.floor(next() * ALPHABET.length)] as string;
        text =
          next() < 0.5 ? text.slice(0, at) + char + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      }
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const offset = jsonErrorOffset(text);
      assert.equal(offset === undefined, valid, `disagrees on ${JSON.stringify(text)}`);
      if (offset !== undefined)
        assert.ok(offset >= 0 && offset <= text.length, `offset ${offset} outside ${JSON.stringify(text)}`);
    }
  });
});
