import type pg from 'pg';

/**
 * Whether any vulnerability data was ever loaded. Once true it stays true, so the answer is kept
 * and the database asked only until then (Clair answers 202 before).
 */
export function vulnerabilityDataLoaded(db: pg.Pool): () => Promise<boolean> {
  let loaded = false;
  return async () => {
    if (loaded) return true;
    const { rows } = await db.query<{ loaded: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM matcher.vuln) AS loaded',
    );
    loaded = rows[0]?.loaded === true;
    return loaded;
  };
}
