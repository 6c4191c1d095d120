// A notifier job's first half: the notification set of one update operation, from the diff
// against the updater's operation before it and the manifests that diff affects.
import type pg from 'pg';
import type { Config } from '../config/types.ts';
import { type AffectedManifests, affectedManifests } from '../indexer/affected-manifests.ts';
import type { Logger } from '../log.ts';
import { reverseMatchers } from '../matcher/registry.ts';
import { vulnerabilityRanges } from '../matcher/store/vulnerability-ranges.ts';
import { getUpdateDiff } from '../updater/store/update-diff.ts';
import { getUpdateOperations } from '../updater/store/update-operations.ts';
import type { WireVulnerability } from '../updater/wire-vulnerability.ts';
import { fullNotifications, summaryNotifications } from './notifications.ts';
import { createSet, type NotificationSet, setOfOperation } from './store/notification-sets.ts';

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
  const byReason = {
    added: await affectedByChunks(deps, diff.added ?? []),
    removed: await affectedByChunks(deps, diff.removed ?? []),
  };
  const notifications = deps.config.notifier.disableSummary
    ? fullNotifications(byReason)
    : summaryNotifications(byReason);
  const set = (await createSet(deps.db, updater, ref, notifications)) ?? (await setOfOperation(deps.db, ref));
  log.info('notify set', {
    set: set?.id,
    added: diff.added?.length ?? 0,
    removed: diff.removed?.length ?? 0,
    notifications: notifications.length,
  });
  return set;
}

/** The manifests the vulnerabilities affect, looked up a chunk at a time. */
async function affectedByChunks(
  deps: ProcessDeps,
  vulns: readonly WireVulnerability[],
): Promise<AffectedManifests> {
  const matchers = reverseMatchers(deps.config.matchers);
  const vulnerabilities: Record<string, WireVulnerability> = {};
  const manifests: Record<string, string[]> = {};
  for (let i = 0; i < vulns.length; i += CHUNK) {
    const chunk = vulns.slice(i, i + CHUNK);
    const ranges = await vulnerabilityRanges(
      deps.db,
      chunk.map((v) => v.id),
    );
    const found = await affectedManifests(deps.db, chunk, matchers, ranges, deps.log);
    Object.assign(vulnerabilities, found.vulnerabilities);
    for (const [manifest, ids] of Object.entries(found.vulnerable_manifests))
      manifests[manifest] = [...(manifests[manifest] ?? []), ...ids];
  }
  return { vulnerabilities, vulnerable_manifests: manifests };
}
