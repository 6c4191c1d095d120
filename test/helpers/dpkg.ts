// The real dpkg as the judge of version order, for all pairs in one shell process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Per pair: "<" or ">" or "=" by dpkg, or "!" when dpkg rejects either version.
const SCRIPT = `while IFS="$(printf '\\t')" read -r a b; do
  if dpkg --compare-versions -- "$a" lt "$b" 2>/dev/null; then echo "<"
  elif dpkg --compare-versions -- "$a" eq "$b" 2>/dev/null; then echo "="
  elif dpkg --compare-versions -- "$a" gt "$b" 2>/dev/null; then echo ">"
  else echo "!"; fi
done < "$1"`;

/** dpkg's order of each pair: -1, 0, 1, or NaN where dpkg rejects a version. */
export function dpkgCompare(pairs: readonly (readonly [string, string])[]): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'clairless-dpkg-'));
  try {
    const file = join(dir, 'pairs.tsv');
    writeFileSync(file, pairs.map(([a, b]) => `${a}\t${b}\n`).join(''));
    const out = execFileSync('sh', ['-c', SCRIPT, 'sh', file], { encoding: 'utf8', maxBuffer: 2 ** 26 });
    return out
      .trim()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => ({ '<': -1, '=': 0, '>': 1 })[line] ?? Number.NaN);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
