import type pg from 'pg';

/** The scanners that have finished the manifest, by id. */
export async function manifestScannedBy(db: pg.Pool, manifestId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ scanner_id: string }>(
    'SELECT scanner_id FROM indexer.scanned_manifest WHERE manifest_id = $1',
    [manifestId],
  );
  return new Set(rows.map((r) => String(r.scanner_id)));
}

/** For each layer, the scanners (by id) that have already scanned it. */
export async function layersScannedBy(
  db: pg.Pool,
  layerIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const { rows } = await db.query<{ layer_id: string; scanner_id: string }>(
    'SELECT layer_id, scanner_id FROM indexer.scanned_layer WHERE layer_id = ANY($1::bigint[])',
    [layerIds],
  );
  const out = new Map<string, Set<string>>(layerIds.map((id) => [id, new Set()]));
  for (const r of rows) out.get(String(r.layer_id))?.add(String(r.scanner_id));
  return out;
}
