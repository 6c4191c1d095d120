import type pg from 'pg';
import type { Notification } from '../types.ts';

const toNotification = (r: Record<string, unknown>): Notification => ({
  id: String(r.id),
  manifest: String(r.manifest),
  reason: r.reason as Notification['reason'],
  vulnerability: r.vulnerability as Notification['vulnerability'],
});

/** Up to `size` notifications of the set after the cursor (a notification id), in id order. */
export async function notificationPage(
  db: pg.Pool,
  setId: string,
  after: string | undefined,
  size: number,
): Promise<Notification[]> {
  const { rows } = await db.query(
    `SELECT id, manifest, reason, vulnerability FROM notifier.notification
     WHERE set_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [setId, after ?? null, size],
  );
  return rows.map(toNotification);
}

/** Every notification of the set, read page by page. */
export async function* allNotifications(
  db: pg.Pool,
  setId: string,
  pageSize = 1000,
): AsyncGenerator<Notification> {
  let after: string | undefined;
  for (;;) {
    const page = await notificationPage(db, setId, after, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    after = page.at(-1)?.id;
  }
}
