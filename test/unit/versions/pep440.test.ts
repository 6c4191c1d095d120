// PEP 440 versions: claircore's pkg/pep440 parse and ordering cases, PEP 440's own examples, the
// normalised ten-integer form and the unanchored fallback (claircore-engine.md section 5.4).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparePep440, type Pep440, parsePep440, pep440Normalized } from '../../../lib/versions/pep440.ts';
import { type Chain, orderChains, readsOrRefuses } from '../../helpers/version-order.ts';

const INT32_MIN = -(2 ** 31);

function version(fields: Partial<Pep440>): Pep440 {
  return {
    epoch: 0n,
    release: [],
    pre: undefined,
    post: undefined,
    dev: undefined,
    local: undefined,
    ...fields,
  };
}

const compare = (a: string, b: string): number => comparePep440(parsePep440(a), parsePep440(b));

describe('pep440 parse', () => {
  const cases: { text: string; want: Pep440 }[] = [
    { text: '1.0.0', want: version({ release: [1n, 0n, 0n] }) },
    {
      text: '1!2.3.4-a5-post_6.dev7.8',
      want: version({ epoch: 1n, release: [2n, 3n, 4n], pre: { label: 'a', number: 5n }, post: 6n, dev: 7n }),
    },
    { text: '2019.3', want: version({ release: [2019n, 3n] }) },
    { text: '1.0alpha1', want: version({ release: [1n, 0n], pre: { label: 'a', number: 1n } }) },
    { text: '1.0-Beta.2', want: version({ release: [1n, 0n], pre: { label: 'b', number: 2n } }) },
    { text: '1.0c1', want: version({ release: [1n, 0n], pre: { label: 'rc', number: 1n } }) },
    { text: '1.0preview', want: version({ release: [1n, 0n], pre: { label: 'rc', number: 0n } }) },
    { text: '1.0-1', want: version({ release: [1n, 0n], post: 1n }) },
    { text: '1.0.rev', want: version({ release: [1n, 0n], post: 0n }) },
    { text: '1.0r4', want: version({ release: [1n, 0n], post: 4n }) },
    { text: '1.0-dev', want: version({ release: [1n, 0n], dev: 0n }) },
    { text: 'v1.0', want: version({ release: [1n, 0n] }) },
    { text: ' 1.0\n', want: version({ release: [1n, 0n] }) },
    { text: '1.0+Ubuntu-1.007', want: version({ release: [1n, 0n], local: ['ubuntu', 1n, 7n] }) },
    { text: '1.18446744073709551617', want: version({ release: [1n, 18446744073709551617n] }) },
    // Text packaging rejects: the leftmost version inside it, as claircore reads it.
    { text: 'foo1.0xyz', want: version({ release: [1n, 0n] }) },
    { text: 'foo1.0bar', want: version({ release: [1n, 0n], pre: { label: 'b', number: 0n } }) },
    { text: 'python-3.11.2-r0.apk', want: version({ release: [3n, 11n, 2n], post: 0n }) },
  ];
  for (const { text, want } of cases) {
    it(`reads ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parsePep440(text), want);
    });
  }

  for (const text of ['abc', '', 'v', '.post', '!']) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(() => parsePep440(text), {
        name: 'InvalidInputError',
        message: `PEP 440 version ${JSON.stringify(text)}: no version number`,
      });
    });
  }

  readsOrRefuses(
    parsePep440,
    [...'0123456789.-_+!vV abcdeprt', 'post', 'dev', 'alpha', 'rc', '\u3000', 'ſ'],
    16,
    440,
  );
});

describe('pep440 order', () => {
  const chains: Chain[] = [
    {
      name: 'PEP 440 summary of all suffixes, with local versions',
      ascending: [
        ...[
          '1.dev0',
          '1.0.dev456',
          '1.0a1',
          '1.0a2.dev456',
          '1.0a12.dev456',
          '1.0a12',
          '1.0b1.dev456',
          '1.0b2',
        ],
        ...[
          '1.0b2.post345.dev456',
          '1.0b2.post345',
          '1.0rc1.dev456',
          '1.0rc1',
          '1.0',
          '1.0+abc.5',
          '1.0+abc.7',
        ],
        ...['1.0+5', '1.0.post456.dev34', '1.0.post456', '1.0.15', '1.1.dev1'],
      ],
    },
    { name: 'claircore MajorMinor', ascending: ['0.1', '0.2', '0.3', '1.0', '1.1'] },
    { name: 'claircore MajorMinorMicro', ascending: ['1.1.0', '1.1.1', '1.1.2', '1.2.0'] },
    {
      name: 'claircore MajorMinorPre',
      ascending: ['0.9', '1.0a', '1.0a1', '1.0a2', '1.0b1', '1.0rc1', '1.0', '1.1a1'],
    },
    {
      name: 'claircore MajorMinorPreDevPost',
      ascending: [
        '0.9',
        '1.0.dev1',
        '1.0.dev2',
        '1.0.dev3',
        '1.0.dev4',
        '1.0c1',
        '1.0c2',
        '1.0',
        '1.0.post1',
        '1.1.dev1',
      ],
    },
    { name: 'claircore Date', ascending: ['2012.1', '2012.2', '2012.3', '2012.15', '2013.1', '2013.2'] },
    { name: 'claircore Epoch', ascending: ['2013.10', '2014.04', '1!1.0', '1!1.1', '1!2.0'] },
    {
      name: 'numbers past 2^64',
      ascending: ['1.18446744073709551616', '1.18446744073709551617', '18446744073709551617!0'],
    },
  ];
  orderChains(compare, chains);

  const pairs: { a: string; b: string; want: number }[] = [
    { a: '1', b: '1.0.0', want: 0 },
    { a: '1.0alpha1', b: '1.0a1', want: 0 },
    { a: '1.0-1', b: '1.0.post1', want: 0 },
    { a: 'v1.0', b: '1.0', want: 0 },
    { a: '1.0.post0', b: '1.0', want: 1 },
    { a: '1.0.dev0', b: '1.0', want: -1 },
    { a: '1.0+abc', b: '1.0', want: 1 },
    { a: '1.0+abc', b: '1.0+ABC', want: 0 },
    { a: '1.0+abc.5', b: '1.0+abc.5.0', want: -1 },
    { a: '1.0+0', b: '1.0+abc', want: 1 },
  ];
  for (const { a, b, want } of pairs) {
    it(`orders ${a} ${['<', '==', '>'][want + 1]} ${b}`, () => {
      assert.equal(compare(a, b), want);
    });
  }
});

describe('pep440 normalised', () => {
  const cases: { text: string; want: number[] }[] = [
    { text: '1.0.0', want: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
    { text: '1!2.3.4-a5-post_6.dev7.8', want: [1, 2, 3, 4, 0, 0, -3, 5, 6, -7] },
    { text: '1.0b2', want: [0, 1, 0, 0, 0, 0, -2, 2, 0, 0] },
    { text: '1.0rc1.dev2', want: [0, 1, 0, 0, 0, 0, -1, 1, 0, -2] },
    { text: '1.0.post3.dev2', want: [0, 1, 0, 0, 0, 0, 0, 0, 3, -2] },
    { text: '1.0.dev456', want: [0, 1, 0, 0, 0, 0, INT32_MIN + 456, 0, 0, 0] },
    { text: '1.2.3.4.5.6', want: [0, 1, 2, 3, 4, 5, 0, 0, 0, 0] },
    { text: '1.0.post0.dev0', want: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
    { text: '1.0+local.7', want: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
    { text: '18446744073709551617.1', want: [0, 2 ** 31 - 1, 1, 0, 0, 0, 0, 0, 0, 0] },
    { text: '1.0.dev99999999999', want: [0, 1, 0, 0, 0, 0, -1, 0, 0, 0] },
  ];
  for (const { text, want } of cases) {
    it(`normalises ${text} as claircore does`, () => {
      assert.deepEqual(pep440Normalized(parsePep440(text)), want);
    });
  }
});
