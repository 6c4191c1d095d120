import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { UpdaterContext } from '../../lib/updater/types.ts';
import { captureLog } from './log.ts';

/** Runs fn with an updater context of its own: a temporary folder (removed after) and a captured log. */
export async function withUpdaterContext<T>(
  fn: (ctx: UpdaterContext, entries: Record<string, unknown>[]) => Promise<T>,
): Promise<T> {
  const tmpDir = await mkdtemp(join(tmpdir(), 'clairless-updater-'));
  const { log, entries } = captureLog();
  try {
    return await fn({ signal: new AbortController().signal, log, tmpDir }, entries);
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/** How many vulnerabilities the update operation `ref` links. */
export async function linkedCount(db: pg.Pool, ref: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT count(*) AS n FROM matcher.uo_vuln JOIN matcher.update_operation o ON o.id = uo WHERE o.ref = $1',
    [ref],
  );
  return Number(rows[0]?.n);
}
