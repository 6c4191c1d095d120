import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../../db/transaction.ts';
import type { Notification, SetStatus } from '../types.ts';

export type NotificationSet = {
  readonly id: string;
  readonly updater: string;
  /** The update operation's ref. */
  readonly operation: string;
  readonly status: SetStatus;
  readonly notifications: number;
  readonly attempts: number;
  readonly lastError: string | undefined;
};

const BATCH = 1000;

const COLUMNS = 'id, updater, operation, status, notifications, attempts, last_error';

const toSet = (r: Record<string, unknown>): NotificationSet => ({
  id: String(r.id),
  updater: String(r.updater),
  operation: String(r.operation),
  status: r.status as SetStatus,
  notifications: Number(r.notifications),
  attempts: Number(r.attempts),
  lastError: r.last_error === null ? undefined : String(r.last_error),
});

/**
 * Stores the operation's set with its notifications in one transaction, or answers undefined
 * when the operation already has a set (a job delivered twice): a set is never made twice.
 */
export async function createSet(
  db: pg.Pool,
  updater: string,
  operation: string,
  notifications: readonly Omit<Notification, 'id'>[],
): Promise<NotificationSet | undefined> {
  return withTransaction(db, async (client) => {
    const status: SetStatus = notifications.length === 0 ? 'delivered' : 'created';
    const { rows } = await client.query(
      `INSERT INTO notifier.notification_set (id, updater, operation, status, notifications)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (operation) DO NOTHING RETURNING ${COLUMNS}`,
      [randomUUID(), updater, operation, status, notifications.length],
    );
    const set = rows[0] === undefined ? undefined : toSet(rows[0]);
    if (set === undefined) return undefined;
    for (let i = 0; i < notifications.length; i += BATCH) {
      const batch = notifications.slice(i, i + BATCH);
      await client.query(
        `INSERT INTO notifier.notification (id, set_id, manifest, reason, vulnerability)
         SELECT unnest($1::uuid[]), $2, unnest($3::text[]), unnest($4::text[]), unnest($5::jsonb[])`,
        [
          batch.map(() => randomUUID()),
          set.id,
          batch.map((n) => n.manifest),
          batch.map((n) => n.reason),
          batch.map((n) => JSON.stringify(n.vulnerability)),
        ],
      );
    }
    return set;
  });
}

export async function setOfOperation(db: pg.Pool, operation: string): Promise<NotificationSet | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM notifier.notification_set WHERE operation = $1`, [
    operation,
  ]);
  return rows[0] === undefined ? undefined : toSet(rows[0]);
}

export async function getSet(db: pg.Pool, id: string): Promise<NotificationSet | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM notifier.notification_set WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toSet(rows[0]);
}

/** Records a delivery's outcome; a set its reader deleted meanwhile stays deleted. */
export async function recordDelivery(
  db: pg.Pool,
  id: string,
  outcome: { readonly delivered: boolean; readonly attempts: number; readonly error: string | undefined },
): Promise<void> {
  await db.query(
    `UPDATE notifier.notification_set SET status = $2, attempts = attempts + $3, last_error = $4, updated_at = now()
     WHERE id = $1 AND status <> 'deleted'`,
    [id, outcome.delivered ? 'delivered' : 'failed', outcome.attempts, outcome.error ?? null],
  );
}

/** Marks the set deleted; false when no such set ever existed (or it was purged). */
export async function markDeleted(db: pg.Pool, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE notifier.notification_set SET status = 'deleted', updated_at = now() WHERE id = $1`,
    [id],
  );
  return (rowCount ?? 0) > 0;
}

/** Sets waiting for delivery: created, or failed before. */
export async function undeliveredSets(db: pg.Pool): Promise<NotificationSet[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM notifier.notification_set WHERE status IN ('created', 'failed') ORDER BY created_at`,
  );
  return rows.map(toSet);
}

/** Purges deleted sets, and delivered ones older than the retention; answers how many went. */
export async function purgeSets(db: pg.Pool, retentionMs: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM notifier.notification_set
     WHERE status = 'deleted' OR (status = 'delivered' AND updated_at < now() - $1 * interval '1 millisecond')`,
    [retentionMs],
  );
  return rowCount ?? 0;
}
