// PEP 440 parsing and ordering checked against Python's packaging.version on generated and hand-picked
// pairs, all in one python3 process. Text packaging rejects is checked against packaging's own
// VERSION_PATTERN searched unanchored, which is what our fallback (claircore's reading) does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../../../lib/errors.ts';
import { comparePep440, type Pep440, parsePep440 } from '../../../lib/versions/pep440.ts';
import { type Random, random } from '../../helpers/prng.ts';

const PYTHON = spawnSync('python3', ['-c', 'import packaging.version'], { encoding: 'utf8' });
const SKIP =
  PYTHON.status === 0
    ? false
    : 'python3 with packaging not found: install python3-packaging to run this test';

/**
 * Per pair: each side as [how packaging read it ("valid", "search" for the leftmost match in
 * text it rejects, or null), its fields], and packaging's comparison of the two readings.
 */
const SCRIPT = String.raw`
import json, re, sys
from packaging.version import Version, InvalidVersion, VERSION_PATTERN
search = re.compile(VERSION_PATTERN, re.VERBOSE | re.IGNORECASE).search
def read(text):
    try:
        return "valid", Version(text)
    except InvalidVersion:
        m = search(text)
        return ("search", Version(m.group(0))) if m else (None, None)
def fields(v):
    if v is None:
        return None
    s = lambda n: None if n is None else str(n)
    return [str(v.epoch), [str(n) for n in v.release], None if v.pre is None else [v.pre[0], str(v.pre[1])],
            s(v.post), s(v.dev), None if v.local is None else v.local.split(".")]
out = []
for line in open(sys.argv[1], encoding="utf-8"):
    a, b = json.loads(line)
    (ka, va), (kb, vb) = read(a), read(b)
    cmp = None if va is None or vb is None else (va > vb) - (va < vb)
    out.append(json.dumps([[ka, fields(va)], [kb, fields(vb)], cmp]))
print("\n".join(out))
`;

type Reading = [kind: 'valid' | 'search' | null, fields: unknown];
type Answer = [a: Reading, b: Reading, cmp: number | null];

/** Hand-picked: PEP 440's and packaging's own examples and the corners of the grammar. */
const TRICKY: readonly (readonly [string, string])[] = [
  ['1.0.dev456', '1.0a1'],
  ['1.0a12', '1.0b1.dev456'],
  ['1.0b2.post345.dev456', '1.0b2.post345'],
  ['1.0', '1.0.post0'],
  ['1.0.dev0', '1.0'],
  ['1.0.post', '1.0.post0'],
  ['1.0-1', '1.0.post1'],
  ['1.0-r1', '1.0.rev1'],
  ['1.0alpha1', '1.0a1'],
  ['1.0ALPHA1', '1.0a1'],
  ['1.0c1', '1.0rc1'],
  ['1.0pre1', '1.0preview1'],
  ['1.0a', '1.0a0'],
  ['1.0a.', '1.0a0'],
  ['1.0a..post', '1.0a0.post0'],
  ['1.0+abc.5', '1.0+abc.6'],
  ['1.0+5', '1.0+abc'],
  ['1.0+abc', '1.0+abc.0'],
  ['1.0+ABC', '1.0+abc'],
  ['1.0+1-2_3', '1.0+1.2.3'],
  ['1.0', '1.0+0'],
  ['1!1.0', '2.0'],
  ['v1.0', 'V1.0'],
  [' 1.0\t', '1.0'],
  ['\u30001.0\u3000', '1.0'],
  ['\x1c1.0', '1.0'],
  ['\ufeff1.0', '1.0'],
  ['1.0.0.0.0.0.0', '1'],
  ['1.2.3.4.5.6', '1.2.3.4.5.7'],
  ['18446744073709551617', '18446744073709551616'],
  ['1.0.post18446744073709551617', '1.0.post18446744073709551616'],
  ['00001.02', '1.2'],
  ['1.0-dev1', '1.0_dev1'],
  ['1.0.rdev', '1.0.post0.dev0'],
  ['foo1.0xyz', '1.0'],
  ['foo1.0bar', '1.0b0'],
  ['1.0.', '1.0'],
  ['1.0-', '1.0'],
  ['1..0', '1.0'],
  ['==1.0', '1.0'],
  ['1.0 1.1', '1.0'],
  ['1.0ſ', '1.0'],
  ['1.0\u212a', '1.0'],
  ['1.0\u0130', '1.0'],
  ['1.0+ǅ', '1.0'],
  ['release-2.3', '2.3'],
  ['abc', '1.0'],
  ['', '1.0'],
];

const pick = <T>(r: Random, items: readonly T[]): T => items[r.int(items.length)] as T;
const chance = (r: Random, percent: number): boolean => r.int(100) < percent;

function number(r: Random): string {
  const kind = r.int(10);
  if (kind < 6) return String(r.int(4));
  if (kind < 8) return `${'0'.repeat(1 + r.int(2))}${r.int(3)}`;
  if (kind < 9) return String(r.int(1000));
  return `${9007199254740990 + r.int(10)}${chance(r, 50) ? String(r.int(10)).repeat(r.int(12)) : ''}`;
}

const SEPARATORS = ['', '', '.', '-', '_'];
const PRE = ['a', 'b', 'c', 'rc', 'alpha', 'beta', 'pre', 'preview', 'A', 'Beta', 'RC', 'Preview'];
const POST = ['post', 'rev', 'r', 'POST', 'Rev'];
const JUNK = [
  ...['', 'x', 'foo', '==', '.', '-', '_', '+', '..'],
  ...[' ', '!', 'dev', 'a1', '1', 'ſ', '\t', '\u3000'],
];

/** A labelled suffix: separator, label, separator, usually a number. */
function suffix(r: Random, labels: readonly string[]): string {
  return [pick(r, SEPARATORS), pick(r, labels), pick(r, SEPARATORS), chance(r, 80) ? number(r) : ''].join('');
}

function version(r: Random): string {
  const parts: string[] = [];
  if (chance(r, 5)) parts.push(pick(r, [' ', '\t', '\n', '\u3000', '\x1f', '\ufeff']));
  if (chance(r, 10)) parts.push(pick(r, ['v', 'V']));
  if (chance(r, 10)) parts.push(`${number(r)}!`);
  parts.push(Array.from({ length: 1 + r.int(5) }, () => number(r)).join('.'));
  if (chance(r, 40)) parts.push(suffix(r, PRE));
  if (chance(r, 15)) parts.push(`-${number(r)}`);
  else if (chance(r, 25)) parts.push(suffix(r, POST));
  if (chance(r, 30)) parts.push(suffix(r, ['dev', 'DEV']));
  if (chance(r, 20)) {
    const local = Array.from({ length: 1 + r.int(3) }, () =>
      pick(r, [number(r), 'abc', 'ABC', 'ubuntu', 'x1', '1x']),
    );
    parts.push('+', local.map((part, i) => (i === 0 ? part : `${pick(r, ['.', '-', '_'])}${part}`)).join(''));
  }
  if (chance(r, 5)) parts.push(pick(r, [' ', '\t', '\u2003', '\x85']));
  const text = parts.join('');
  if (!chance(r, 15)) return text;
  const at = r.int(text.length + 1);
  return `${text.slice(0, at)}${pick(r, JUNK)}${text.slice(at + r.int(2))}`;
}

/** Our reading in packaging's field form, or null when we reject the text. */
function fields(text: string): unknown {
  let v: Pep440;
  try {
    v = parsePep440(text);
  } catch (err) {
    assert.ok(err instanceof InvalidInputError, `parsePep440(${JSON.stringify(text)}) threw ${String(err)}`);
    return null;
  }
  const s = (n: bigint | undefined): string | null => (n === undefined ? null : String(n));
  return [
    String(v.epoch),
    v.release.map(String),
    v.pre === undefined ? null : [v.pre.label, String(v.pre.number)],
    s(v.post),
    s(v.dev),
    v.local === undefined ? null : v.local.map(String),
  ];
}

describe('pep440 against packaging.version', { skip: SKIP }, () => {
  it('reads and orders every generated and hand-picked pair as packaging does', async () => {
    const r = random(440);
    const pairs: (readonly [string, string])[] = [...TRICKY];
    for (let i = 0; i < 20000; i++) {
      const a = version(r);
      // Half the pairs share a release, so the suffixes decide.
      const b = chance(r, 50)
        ? version(r)
        : `${a.replace(/^([^a-z+]*).*$/i, '$1')}${version(r).replace(/^[^a-z+]*/i, '')}`;
      pairs.push([a, b]);
    }
    const dir = await mkdtemp(join(tmpdir(), 'pep440-'));
    try {
      const file = join(dir, 'pairs.jsonl');
      await writeFile(file, `${pairs.map((pair) => JSON.stringify(pair)).join('\n')}\n`);
      const run = spawnSync('python3', ['-c', SCRIPT, file], { encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.equal(run.status, 0, run.stderr);
      const answers = run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Answer);
      assert.equal(answers.length, pairs.length);

      const problems: string[] = [];
      const kinds = { valid: 0, search: 0, rejected: 0 };
      pairs.forEach(([a, b], i) => {
        const [readA, readB, want] = answers[i] as Answer;
        for (const [text, [kind, theirs]] of [
          [a, readA],
          [b, readB],
        ] as const) {
          kinds[kind ?? 'rejected']++;
          const ours = fields(text);
          if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
            problems.push(
              `read ${JSON.stringify(text)} (${kind}): ours ${JSON.stringify(ours)}, packaging ${JSON.stringify(theirs)}`,
            );
          }
        }
        if (want === null) return;
        const got = comparePep440(parsePep440(a), parsePep440(b));
        if (got !== want)
          problems.push(`compare ${JSON.stringify(a)} ${JSON.stringify(b)}: ours ${got}, packaging ${want}`);
      });
      assert.deepEqual(problems.slice(0, 20), [], `${problems.length} disagreements`);
      // The generator must reach all three kinds of text, or the check proves little.
      assert.ok(kinds.valid > 20000 && kinds.search > 1000 && kinds.rejected > 10, JSON.stringify(kinds));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
