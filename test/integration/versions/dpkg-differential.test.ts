// Differential test of lib/versions/dpkg.ts against the real `dpkg --compare-versions`, over seeded
// random pairs and hand-picked tricky ones (claircore-engine.md §5.1). Skips when dpkg is missing.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { compareDpkgVersions, parseDpkgVersion } from '../../../lib/versions/dpkg.ts';
import { type Random, random } from '../../helpers/prng.ts';
import { pick, versionPairs } from '../../helpers/version-pairs.ts';

const missing = spawnSync('dpkg', ['--version']).status !== 0;
const skip = missing ? 'dpkg not found: install the dpkg package to run this test' : false;

/**
 * Where we knowingly part from dpkg, and why. dpkg reports a bad version as an error (and gives no
 * answer) or as a warning (and compares it anyway); we reject both, except as listed here.
 */
const DISAGREEMENTS: readonly {
  readonly name: string;
  /** What dpkg says of such a version; we say the opposite (reject where dpkg is content). */
  readonly dpkg: 'ok' | 'warning' | 'error';
  /** Whether dpkg, despite its complaint, orders the version as we do. */
  readonly sameOrder: boolean;
  readonly applies: (version: string) => boolean;
}[] = [
  {
    // claircore's go-deb-version allows `_` (claircore-engine.md §5.1); dpkg warns "invalid character".
    name: 'underscore in upstream version or revision',
    dpkg: 'warning',
    sameOrder: true,
    applies: (version) => version.includes('_'),
  },
  {
    // go-deb-version reads "1.0-" as revision ""; dpkg says "revision number is empty".
    name: 'empty revision',
    dpkg: 'error',
    sameOrder: false,
    applies: (version) => version.trim().endsWith('-'),
  },
  {
    // go-deb-version trims all white space (strings.TrimSpace); dpkg trims only spaces and tabs and
    // warns about the rest as part of the version.
    name: 'white space other than space and tab at either end',
    dpkg: 'warning',
    sameOrder: false,
    applies: (version) => version.trim() !== version.replace(/^[ \t]+|[ \t]+$/g, ''),
  },
  {
    // dpkg --compare-versions takes "" as "no version", sorting first; go-deb-version rejects it.
    name: 'empty string',
    dpkg: 'ok',
    sameOrder: false,
    applies: (version) => version === '',
  },
];

const DIGITS = ['0', '1', '2', '9', '10', '00', '01', '007', '123', '18446744073709551617', '9'.repeat(23)];
const PIECES = [
  ...DIGITS,
  ...DIGITS,
  ...['a', 'b', 'z', 'A', 'Z', 'rc', 'dfsg', 'ubuntu'],
  ...['.', '.', '.', '.', '+', '+', '~', '~', '~~', '-', '-', ':', '_'],
];
const BAD_PIECES = ['^', ' ', '!', '/', 'é'];
const EPOCHS = ['', '', '', '', '', '', '0:', '1:', '2:', '01:', '10:', '2147483647:'];
const BAD_EPOCHS = [':', 'a:', '-1:', '+1:', '-0:', ' 1:', '2147483648:'];

/** Mostly well-formed: an optional epoch and a digit first, then pieces and an optional revision. */
function makeVersion(r: Random): string[] {
  const piece = () => pick(r, r.int(40) === 0 ? BAD_PIECES : PIECES);
  const parts = [pick(r, r.int(20) === 0 ? BAD_EPOCHS : EPOCHS) + pick(r, r.int(20) === 0 ? PIECES : DIGITS)];
  for (let n = r.int(6); n > 0; n--) parts.push(piece());
  if (r.int(2) === 0) {
    parts.push('-', pick(r, DIGITS));
    for (let n = r.int(3); n > 0; n--) parts.push(piece());
  }
  return parts;
}

const HAND: [string, string][] = [
  ['1.0', '1.00'],
  ['1.01', '1.1'],
  ['1.0~rc1', '1.0'],
  ['1.0', '1.0+b1'],
  ['1:0.1', '2.0'],
  ['1~~', '1~~a'],
  ['1~~a', '1~'],
  ['1~', '1'],
  ['1', '1a'],
  ['1a', '1+'],
  ['1Z', '1a'],
  ['1.0', '1.0.'],
  ['1_0', '1.0'],
  ['1.0-1', '1.0-1_1'],
  ['1.0-', '1.0'],
  ['', '1.0'],
  [' 1.0', '1.0 '],
  ['1.0\r', '1.0'],
  ['1 0', '1.0'],
  ['a1', '1'],
  ['01:1', '1:1'],
  ['2147483647:1', '2147483648:1'],
  ['-0:1', '0:1'],
  ['+1:1', '1:1'],
  ['0:0-0-0', '0-0-0'],
  ['0:0:0-0', '0:0:1-0'],
  ['1.0é', '1.0'],
  [`1.${'9'.repeat(30)}`, `1.${'9'.repeat(29)}8`],
  [`1.1${'0'.repeat(30)}`, `1.${'9'.repeat(30)}`],
  [`1.${'0'.repeat(30)}1`, '1.1'],
];

const r = random(5101);
const pairs = [...HAND, ...versionPairs(r, 3000, () => makeVersion(r), PIECES)];

// One dpkg process per check, so the lists go to two shells at once; dpkg's messages in English.
const VALIDITY_SCRIPT = `nl='
'
while IFS= read -r v; do
  msg=$(dpkg --compare-versions -- "$v" eq "$v" 2>&1)
  rc=$?
  printf '%s\\t%s\\n' "$rc" "\${msg%%"$nl"*}"
done < "$1"`;
const ORDER_SCRIPT = `while IFS='\t' read -r a b; do
  if dpkg --compare-versions -- "$a" lt "$b" 2>/dev/null; then echo -1
  elif [ $? -ne 1 ]; then echo error
  elif dpkg --compare-versions -- "$a" eq "$b" 2>/dev/null; then echo 0
  else echo 1
  fi
done < "$1"`;

function accepts(version: string): boolean {
  try {
    parseDpkgVersion(version);
    return true;
  } catch {
    return false;
  }
}

describe('dpkg versions against dpkg --compare-versions', { skip }, () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-dpkg-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The script's output lines for `lines`, split over two shells. */
  async function run(label: string, script: string, lines: readonly string[]): Promise<string[]> {
    const half = Math.ceil(lines.length / 2);
    const outputs = await Promise.all(
      [lines.slice(0, half), lines.slice(half)].map(async (chunk, n) => {
        const input = join(dir, `${label}-${n}`);
        await writeFile(input, chunk.map((line) => `${line}\n`).join(''));
        const { stdout } = await promisify(execFile)('sh', ['-c', script, 'sh', input], {
          env: { ...process.env, LC_ALL: 'C' },
          maxBuffer: 1 << 26,
        });
        return stdout.split('\n').slice(0, chunk.length);
      }),
    );
    return outputs.flat();
  }

  it('accepts exactly the versions dpkg accepts, but for the listed disagreements', async (t) => {
    const versions = [...new Set(pairs.flat())];
    const statuses = await run('validity', VALIDITY_SCRIPT, versions);
    const mismatches: { version: string; ours: string; dpkg: string }[] = [];
    const seen = new Set<string>();
    versions.forEach((version, n) => {
      const [rc, message = ''] = (statuses[n] ?? '').split('\t');
      const dpkg = rc === '2' ? 'error' : rc === '0' && message !== '' ? 'warning' : rc === '0' ? 'ok' : '?';
      const ours = accepts(version);
      if (ours === (dpkg === 'ok')) return;
      const known = DISAGREEMENTS.find((d) => d.dpkg === dpkg && d.applies(version));
      if (known !== undefined) seen.add(known.name);
      else mismatches.push({ version, ours: ours ? 'accepts' : 'rejects', dpkg: message || dpkg });
    });
    t.diagnostic(`${versions.length} versions checked, ${versions.filter(accepts).length} valid`);
    assert.deepEqual(mismatches, []);
    assert.deepEqual(
      [...seen].sort(),
      DISAGREEMENTS.map((d) => d.name).sort(),
      'every disagreement still occurs',
    );
  });

  it('orders every pair of valid versions as dpkg does', async (t) => {
    const differs = (version: string) => DISAGREEMENTS.some((d) => !d.sameOrder && d.applies(version));
    const comparable = pairs.filter(([a, b]) => accepts(a) && accepts(b) && !differs(a) && !differs(b));
    const answers = await run(
      'order',
      ORDER_SCRIPT,
      comparable.map(([a, b]) => `${a}\t${b}`),
    );
    const mismatches = comparable.flatMap(([a, b], n) => {
      const ours = String(compareDpkgVersions(a, b));
      return ours === answers[n] ? [] : [{ a, b, ours, dpkg: answers[n] }];
    });
    t.diagnostic(`${comparable.length} pairs compared`);
    assert.deepEqual(mismatches, []);
    assert.ok(comparable.length >= 1000, `only ${comparable.length} comparable pairs`);
  });
});
