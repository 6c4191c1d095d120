import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'lib/cli/main.ts');

export type Exit = { code: number | null; stdout: string; stderr: string };

/** Runs `clairless args` as a user would, in the repository, with exactly env and stdin. */
export function runClairless(args: readonly string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<Exit> {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
