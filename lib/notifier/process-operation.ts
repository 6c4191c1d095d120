// A notifier job's first half: the notification set of one update operation, from the diff
// against the updater's operation before it and the manifests that diff affects.
import type pg from 'pg';
import type { Config } from '../config/types.ts';
import { visitAffected } from '../indexer/affected-manifests.ts';
import type { Logger } from '../log.ts';
import { reverseMatchers } from '../matcher/registry.ts';
import { vulnerabilityRanges } from '../matcher/store/vulnerability-ranges.ts';
import { getUpdateDiff } from '../updater/store/update-diff.ts';
import { getUpdateOperations } from '../updater/store/update-operations.ts';
import type { WireVulnerability } from '../updater/wire-vulnerability.ts';
import { type Collector, fullCollector, type NewNotification, summaryCollector } from './notifications.ts';
import { createSet, type NotificationSet, setOfOperation } from './store/notification-sets.ts';
import type { Reason } from './types.ts';

export type ProcessDeps = {
  readonly db: pg.Pool;
  readonly log: Logger;
  readonly config: Pick<Config, 'notifier' | 'matchers'>;
};

// Vulnerabilities per reverse lookup: bounded work and memory per call.
const CHUNK = 1000;

/**
 * The operation's set: made once (a second job for the same operation finds it), or undefined
 * when the operation is gone (garbage-collected, deleted) or is not a vulnerability operation.
 */
export async function processOperation(
  deps: ProcessDeps,
  updater: string,
  ref: string,
): Promise<NotificationSet | undefined> {
  const existing = await setOfOperation(deps.db, ref);
  if (existing !== undefined) return existing;
  const log = deps.log.child({ updater, operation: ref });
  const operations = (await getUpdateOperations(deps.db, 'vulnerability', false))[updater] ?? [];
  const at = operations.findIndex((o) => o.ref === ref);
  if (at === -1) {
    log.info('notify skip', { reason: 'no such vulnerability operation: deleted or garbage-collected' });
    return undefined;
  }
  // The operation before this one, not the latest's: a job that waited while a newer update
  // landed still reports its own changes.
  const prev = operations[at + 1];
  if (prev === undefined && !deps.config.notifier.notifyFirstUpdate) {
    log.info('notify skip', {
      reason: "the updater's first operation (notifier.notify_first_update is off)",
    });
    return (await createSet(deps.db, updater, ref, [])) ?? setOfOperation(deps.db, ref);
  }
  const diff = await getUpdateDiff(deps.db, ref, prev?.ref);
  const changes = { added: diff.added ?? [], removed: diff.removed ?? [] };
  const collector = deps.config.notifier.disableSummary ? fullCollector() : summaryCollector();
  const notifications = await collect(deps, changes, collector);
  const set = (await createSet(deps.db, updater, ref, notifications)) ?? (await setOfOperation(deps.db, ref));
  log.info('notify set', {
    set: set?.id,
    added: changes.added.length,
    removed: changes.removed.length,
    notifications: notifications.length,
  });
  return set;
}

/**
 * Feeds the collector every (manifest, reason, vulnerability) the changes affect, a chunk of
 * vulnerabilities at a time and pair by pair as the reverse lookup finds them, so memory holds
 * what the collector keeps, not every pair.
 */
async function collect(
  deps: ProcessDeps,
  changes: Readonly<Record<Reason, readonly WireVulnerability[]>>,
  collector: Collector,
): Promise<NewNotification[]> {
  const matchers = reverseMatchers(deps.config.matchers);
  for (const reason of ['added', 'removed'] as const) {
    const vulns = changes[reason];
    for (let start = 0; start < vulns.length; start += CHUNK) {
      const chunk = vulns.slice(start, start + CHUNK);
      const ranges = await vulnerabilityRanges(
        deps.db,
        chunk.map((v) => v.id),
      );
      await visitAffected(deps.db, chunk, matchers, ranges, deps.log, (i, manifest) =>
        collector.add(manifest, reason, chunk[i] as WireVulnerability, start + i),
      );
    }
  }
  return collector.notifications();
}
