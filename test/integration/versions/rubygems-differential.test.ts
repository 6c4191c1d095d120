// RubyGems reading and ordering checked against Ruby's own Gem::Version on generated and
// hand-picked pairs, in one ruby process: the same strings rejected, the same canonical segments,
// the same order.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../../../lib/errors.ts';
import { compareGemVersions, type GemVersion, parseGemVersion } from '../../../lib/versions/rubygems.ts';
import { type Random, random } from '../../helpers/prng.ts';

const RUBY = spawnSync('ruby', ['-e', 'Gem::Version.new("1")']);
const SKIP = RUBY.status === 0 ? false : 'ruby not found: install ruby to run this test';

/** Per pair: each side's canonical segments ("n:12", "s:pre") or null when rejected, and <=>. */
const SCRIPT = `
require "json"
read = lambda do |text|
  Gem::Version.new(text)
rescue ArgumentError
  nil
end
segments = lambda { |v| v && v.canonical_segments.map { |s| s.is_a?(Integer) ? "n:#{s}" : "s:#{s}" } }
File.foreach(ARGV[0], chomp: true) do |line|
  a, b = JSON.parse(line).map(&read)
  puts JSON.generate([segments.(a), segments.(b), a && b ? (a <=> b) : nil])
end
`;

/** Hand-picked: RubyGems' own test examples, prereleases, padding and what the pattern rejects. */
const TRICKY: readonly (readonly [string, string])[] = [
  ['1.0', '1'],
  ['1.0.0', '1'],
  ['1.0.a', '1'],
  ['1.0.a', '1.0.b'],
  ['1.0a1', '1.0.a.1'],
  ['1.0a1', '1.0.a.2'],
  ['1.0.0.a.0', '1.a'],
  ['1.0.a.0.b', '1.a.b'],
  ['1.0-rc1', '1.0.pre.rc1'],
  ['1.0-1', '1.0'],
  ['1.0--1', '1.0'],
  ['1.A', '1.a'],
  ['1.b.1', '1.a.2'],
  ['1.8.7', '1.8.7.a'],
  ['5.3.1.b.2', '5.3.1'],
  ['9.8.7', '10'],
  ['0.9', '1.0'],
  ['1.2.3.4.5.6.7.8.9', '1.2.3.4.5.6.7.8.10'],
  ['18446744073709551617', '18446744073709551616'],
  ['007', '7'],
  ['', '0'],
  ['  ', '0'],
  [' 1.0\n', '1.0'],
  ['\v1\t', '1'],
  ['1.0 ', '1.0\u00a0'],
  ['1..0', '1.0'],
  ['1.0.', '1.0'],
  ['.1', '1'],
  ['a1', '1'],
  ['1.0-', '1.0'],
  ['1.0_1', '1.0'],
  ['1.0+1', '1.0'],
  ['1 0', '1.0'],
  ['1.0-a.b-c', '1.0.pre.a.b.pre.c'],
];

const pick = <T>(r: Random, items: readonly T[]): T => items[r.int(items.length)] as T;
const NUMBERS = [
  '0',
  '0',
  '1',
  '1',
  '2',
  '9',
  '10',
  '007',
  '00',
  '18446744073709551616',
  '99999999999999999999',
];
const WORDS = ['a', 'b', 'pre', 'rc', 'alpha', 'beta', 'A', 'Z', 'z', 'a1', '0a', '1b2', 'rc1', 'dev'];
const SEPARATORS = [...'......--', '', '', '--', '..', '_', '+', ' '];
const EDGES = [...Array(20).fill(''), ' ', '\t', '\n', '\v', '\r', '\f', '\u00a0', '.', '-', 'v'];

function version(r: Random): string {
  const parts = Array.from({ length: 1 + r.int(5) }, (_, i) =>
    i === 0 || r.int(3) > 0 ? pick(r, NUMBERS) : pick(r, WORDS),
  );
  const body = parts.map((part, i) => (i === 0 ? part : `${pick(r, SEPARATORS)}${part}`)).join('');
  return `${pick(r, EDGES)}${body}${pick(r, EDGES)}`;
}

/** Our reading in the script's form, or null when we reject the text. */
function segments(text: string): string[] | null {
  let v: GemVersion;
  try {
    v = parseGemVersion(text);
  } catch (err) {
    assert.ok(
      err instanceof InvalidInputError,
      `parseGemVersion(${JSON.stringify(text)}) threw ${String(err)}`,
    );
    return null;
  }
  return v.segments.map((s) => (typeof s === 'bigint' ? `n:${s}` : `s:${s}`));
}

describe('rubygems against Gem::Version', { skip: SKIP }, () => {
  it('reads and orders every generated and hand-picked pair as RubyGems does', async () => {
    const r = random(1993);
    const pairs: (readonly [string, string])[] = [...TRICKY];
    for (let i = 0; i < 20000; i++) {
      const a = version(r);
      // Most pairs share a leading segment, so later segments decide.
      const b = r.int(4) === 0 ? version(r) : `${a.slice(0, r.int(a.length + 1))}${version(r).trimStart()}`;
      pairs.push([a, b]);
    }
    const dir = await mkdtemp(join(tmpdir(), 'rubygems-'));
    try {
      const file = join(dir, 'pairs.jsonl');
      await writeFile(file, `${pairs.map((pair) => JSON.stringify(pair)).join('\n')}\n`);
      const run = spawnSync('ruby', ['-e', SCRIPT, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal(run.status, 0, run.stderr);
      const answers = run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as [string[] | null, string[] | null, number | null]);
      assert.equal(answers.length, pairs.length);

      const problems: string[] = [];
      let valid = 0;
      pairs.forEach(([a, b], i) => {
        const [theirsA, theirsB, want] = answers[i] ?? [];
        for (const [text, theirs] of [
          [a, theirsA],
          [b, theirsB],
        ] as const) {
          const ours = segments(text);
          if (ours !== null) valid++;
          if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
            problems.push(
              `read ${JSON.stringify(text)}: ours ${JSON.stringify(ours)}, RubyGems ${JSON.stringify(theirs)}`,
            );
          }
        }
        if (want === null || want === undefined) return;
        const got = compareGemVersions(parseGemVersion(a), parseGemVersion(b));
        if (got !== want)
          problems.push(`compare ${JSON.stringify(a)} ${JSON.stringify(b)}: ours ${got}, RubyGems ${want}`);
      });
      assert.deepEqual(problems.slice(0, 20), [], `${problems.length} disagreements`);
      // Both valid and rejected text must be common, or the check proves little.
      assert.ok(
        valid > 0.4 * 2 * pairs.length && valid < 0.9 * 2 * pairs.length,
        `${valid} of ${2 * pairs.length} valid`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
