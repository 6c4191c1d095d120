// Differential test of rpmvercmp in lib/versions/rpm.ts against rpm's own (through rpm's Lua
// rpm.vercmp), over seeded random pairs and hand-picked tricky ones. Skips when rpm is missing.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { rpmvercmp } from '../../../lib/versions/rpm.ts';
import { type Random, random } from '../../helpers/prng.ts';
import { pick, versionPairs } from '../../helpers/version-pairs.ts';

const missing = spawnSync('rpm', ['--version']).status !== 0;
const skip = missing ? 'rpm not found: install the rpm package to run this test' : false;

// rpm.vercmp reads its arguments as EVRs, so the strings hold no `-` or `:` (which would split them
// into epoch, version and release); on a plain version it is rpmvercmp itself. It rejects "".
const DIGITS = ['0', '1', '2', '9', '10', '00', '01', '007', '123', '18446744073709551617', '9'.repeat(23)];
const PIECES = [
  ...DIGITS,
  ...DIGITS,
  ...['a', 'b', 'z', 'A', 'Z', 'rc', 'git', 'el', 'fc'],
  ...['.', '.', '.', '.', '_', '+', '~', '~', '~~', '^', '^', '^^', '%', '/', 'é'],
];

function makeVersion(r: Random): string[] {
  const parts: string[] = [];
  for (let n = 1 + r.int(8); n > 0; n--) parts.push(pick(r, PIECES));
  return parts;
}

const HAND: [string, string][] = [
  // Where claircore's Go port answers differently (see rpmvercmp in lib/versions/rpm.ts).
  ['1~.1', '1~1'],
  ['~a', '~~'],
  ['1~', '1~.'],
  ['1^.a', '1^a'],
  ['1.0^', '1.0'],
  ['1.0^', '1.0~'],
  ['1.0^git1', '1.0.1'],
  ['1.0~rc1^git1', '1.0~rc1'],
  ['é', '.'],
  ['a', '1'],
  ['0001', '1'],
  [`1${'0'.repeat(40)}`, '9'.repeat(40)],
  [`1.${'9'.repeat(30)}`, `1.${'9'.repeat(29)}8`],
];

const r = random(7211);
const pairs = [...HAND, ...versionPairs(r, 20000, () => makeVersion(r), PIECES)].filter(
  ([a, b]) => a !== '' && b !== '',
);

describe('rpmvercmp against rpm.vercmp', { skip }, () => {
  it('orders every pair as rpm does', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'clairless-rpm-'));
    try {
      const input = join(dir, 'pairs');
      const script = join(dir, 'compare.lua');
      await writeFile(input, pairs.map(([a, b]) => `${a}\t${b}\n`).join(''));
      await writeFile(
        script,
        `local out = {}
for line in io.lines([==[${input}]==]) do
  local a, b = line:match('^(.-)\\t(.*)$')
  out[#out + 1] = rpm.vercmp(a, b)
end
print(table.concat(out, '\\n'))
`,
      );
      const { stdout } = await promisify(execFile)('rpm', ['--eval', `%{lua: dofile([==[${script}]==])}`], {
        maxBuffer: 1 << 26,
      });
      const answers = stdout.split('\n');
      const mismatches = pairs.flatMap(([a, b], n) => {
        const ours = String(rpmvercmp(a, b));
        return ours === answers[n] ? [] : [{ a, b, ours, rpm: answers[n] }];
      });
      t.diagnostic(`${pairs.length} pairs compared`);
      assert.deepEqual(mismatches, []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
