import type pg from 'pg';
import { withTransaction } from '../../db/transaction.ts';
import type { DeltaRecord, Vulnerability } from '../types.ts';
import { batchInserter, createOperation, type StoredUpdate } from './store-operation.ts';
import { insertVulnerabilities } from './store-update.ts';

/**
 * Records one run of a delta updater (claircore-engine.md section 6.3): a new operation linking
 * the records of every name the feed sent (new rows shared by content hash, as a full update
 * does), and, carried over from the updater's previous operation, the records of every name it
 * neither sent nor deleted. A name is the unit of replacement: a document with no usable record
 * still removes its name's old ones. All in one transaction: a failed parse leaves the previous
 * operation the latest.
 */
export function storeDeltaUpdate(
  db: pg.Pool,
  updater: string,
  fingerprint: string,
  records: AsyncIterable<DeltaRecord>,
): Promise<StoredUpdate> {
  return withTransaction(db, async (client) => {
    const previous = await latestOperationId(client, updater);
    const { ref, id: operation } = await createOperation(client, 'vulnerability', updater, fingerprint);
    const named = new Set<string>();
    const batches = batchInserter<Vulnerability>((batch) =>
      insertVulnerabilities(client, operation, updater, batch),
    );
    let parsed = 0;
    try {
      for await (const record of records) {
        // A name seen again: the later record wins, so what this run linked for it goes.
        if (named.has(record.name)) {
          await batches.drain();
          await unlinkName(client, operation, updater, record.name);
        }
        named.add(record.name);
        if (record.kind === 'deleted') continue;
        for (const v of record.vulnerabilities) {
          parsed++;
          await batches.add(v);
        }
      }
    } catch (err) {
      await batches.settle();
      throw err;
    }
    const inserted = await batches.drain();
    const kept = previous === undefined ? 0 : await carryOver(client, previous, operation, [...named]);
    return { ref, parsed, inserted, kept };
  });
}

async function latestOperationId(client: pg.PoolClient, updater: string): Promise<string | undefined> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM matcher.update_operation WHERE updater = $1 AND kind = 'vulnerability' ORDER BY id DESC LIMIT 1`,
    [updater],
  );
  return rows[0]?.id;
}

async function unlinkName(
  client: pg.PoolClient,
  operation: string,
  updater: string,
  name: string,
): Promise<void> {
  await client.query(
    `DELETE FROM matcher.uo_vuln l USING matcher.vuln v
     WHERE l.uo = $1 AND l.vuln = v.id AND v.updater = $2 AND v.name = $3`,
    [operation, updater, name],
  );
}

/**
 * Links to the new operation the previous one's vulnerabilities whose names the run did not
 * mention; answers how many. Done in the database: the map of names to rows never comes into memory.
 */
async function carryOver(
  client: pg.PoolClient,
  previous: string,
  operation: string,
  named: readonly string[],
): Promise<number> {
  const { rowCount } = await client.query(
    `INSERT INTO matcher.uo_vuln (uo, vuln)
     SELECT $2, l.vuln FROM matcher.uo_vuln l JOIN matcher.vuln v ON v.id = l.vuln
     WHERE l.uo = $1 AND NOT EXISTS (SELECT 1 FROM unnest($3::text[]) AS n (name) WHERE n.name = v.name)
     ON CONFLICT DO NOTHING`,
    [previous, operation, named],
  );
  return rowCount ?? 0;
}
