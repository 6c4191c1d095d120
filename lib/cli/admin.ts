import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updaterSets } from '../ecosystems/index.ts';
import { InvalidInputError } from '../errors.ts';
import { discoverUpdaters } from '../updater/discover.ts';
import { runUpdater, type UpdateDeps } from '../updater/run-updater.ts';
import { collectGarbage } from '../updater/store/gc.ts';
import type { Command } from './command.ts';
import { withDatabase } from './database.ts';

/** `clairless admin update [--updater NAME]` and `clairless admin gc`. */
export const runAdmin: Command = async (config, log, args) => {
  const [sub, ...rest] = args;
  if (sub !== 'update' && sub !== 'gc')
    throw new InvalidInputError(`admin: want "update" or "gc", got ${JSON.stringify(sub ?? '')}`);
  return withDatabase(config, log, async (db) => {
    const deps: UpdateDeps = {
      db,
      factories: updaterSets(),
      updaters: config.updaters,
      retention: config.matcher.updateRetention,
      log,
    };
    if (sub === 'gc') {
      const { rows } = await db.query<{ updater: string }>(
        'SELECT DISTINCT updater FROM matcher.update_operation',
      );
      for (const { updater } of rows) {
        const gc = await collectGarbage(
          db,
          updater,
          config.matcher.updateRetention || Number.MAX_SAFE_INTEGER,
        );
        process.stdout.write(
          `${updater}: ${gc.operations} operations and ${gc.vulnerabilities} vulnerabilities deleted\n`,
        );
      }
      return 0;
    }
    const only = rest[0] === '--updater' ? rest[1] : undefined;
    if (rest[0] === '--updater' && only === undefined)
      throw new InvalidInputError('admin update: --updater needs a name');
    const tmpDir = await mkdtemp(join(tmpdir(), 'clairless-admin-'));
    const signal = new AbortController().signal;
    try {
      const specs = (await discoverUpdaters(deps, signal, tmpDir, log)).filter(
        (s) => only === undefined || s.name === only,
      );
      if (only !== undefined && specs.length === 0)
        throw new InvalidInputError(`admin update: no configured updater is named ${JSON.stringify(only)}`);
      let failed = 0;
      for (const spec of specs) {
        try {
          const outcome = await runUpdater(spec, deps, signal, `admin-${randomUUID()}`);
          process.stdout.write(
            `${spec.name}: ${outcome.status}${outcome.ref === undefined ? '' : ` (${outcome.ref})`}\n`,
          );
        } catch (err) {
          failed++;
          process.stdout.write(`${spec.name}: failed: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      }
      return failed === 0 ? 0 : 1;
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }
  });
};
