import type pg from 'pg';

/** Records how an updater's run went, whether or not it changed any data. */
export async function recordUpdaterStatus(
  db: pg.Pool,
  updater: string,
  outcome: { readonly fingerprint: string | undefined; readonly error: string | undefined },
): Promise<void> {
  await db.query(
    `INSERT INTO matcher.updater_status (updater, last_attempt, last_success, last_run_succeeded, last_attempt_fingerprint, last_error)
     VALUES ($1, now(), CASE WHEN $3::text IS NULL THEN now() END, $3::text IS NULL, $2, $3)
     ON CONFLICT (updater) DO UPDATE SET last_attempt = now(),
       last_success = CASE WHEN $3::text IS NULL THEN now() ELSE matcher.updater_status.last_success END,
       last_run_succeeded = $3::text IS NULL, last_attempt_fingerprint = $2, last_error = $3`,
    [updater, outcome.fingerprint ?? null, outcome.error ?? null],
  );
}
