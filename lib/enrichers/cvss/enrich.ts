// The clair.cvss enricher at match time (claircore enricher/cvss Enrich): the CVSS v3 data of the
// CVEs each reported vulnerability names, from the latest clair.cvss update operation.
import type pg from 'pg';
import { CVSS_UPDATER } from './updater.ts';

/** The key of the enrichment in a vulnerability report's `enrichments`. */
export const CVSS_ENRICHMENT_TYPE =
  'message/vnd.clair.map.vulnerability; enricher=clair.cvss schema=https://csrc.nist.gov/schema/nvd/api/2.0/cve_api_json_2.0.schema';

// claircore's `(?i:cve)[-_][0-9]{4}[-_][0-9]{4,}`; only the letters vary in case.
const CVE = /cve[-_]([0-9]{4})[-_]([0-9]{4,})/gi;

/** The CVE ids a text mentions, as the feed stores them: `CVE-YYYY-NNNN`. */
export function cveIds(text: string): string[] {
  return [...text.matchAll(CVE)].map((m) => `CVE-${m[1]}-${m[2]}`);
}

// Lowest first: by year, then by number, both as numbers (CVE-2021-9999 before CVE-2021-10000).
const cveOrder = (a: string, b: string): number => {
  const [, ay = '', an = ''] = a.split('-');
  const [, by = '', bn = ''] = b.split('-');
  return Number(ay) - Number(by) || Number(an) - Number(bn);
};

/**
 * The report's `enrichments`: `{}` when no vulnerability has CVSS data, else the clair.cvss key
 * holding one object mapping vulnerability ids to `[cvssData]`. CVE ids come from each
 * vulnerability's name and links; all are looked up in one query. As claircore's LIMIT 1, a
 * vulnerability gets at most one cvssData: that of its lowest CVE id (by year, then number)
 * that has one.
 */
export async function enrichReport(
  db: pg.Pool,
  vulnerabilities: ReadonlyMap<string, { readonly name: string; readonly links: string }>,
): Promise<Record<string, unknown[]>> {
  const wanted = new Map<string, string[]>();
  for (const [id, v] of vulnerabilities) {
    const ids = [...new Set([...cveIds(v.name), ...cveIds(v.links)])].sort(cveOrder);
    if (ids.length > 0) wanted.set(id, ids);
  }
  if (wanted.size === 0) return {};
  const found = await cvssByCve(db, [...new Set([...wanted.values()].flat())]);
  const byVulnerability: Record<string, unknown[]> = {};
  for (const [id, ids] of wanted) {
    const hit = ids.find((cve) => found.has(cve));
    if (hit !== undefined) byVulnerability[id] = [found.get(hit)];
  }
  return Object.keys(byVulnerability).length === 0 ? {} : { [CVSS_ENRICHMENT_TYPE]: [byVulnerability] };
}

/**
 * CVE id -> cvssData, from the records of clair.cvss's latest enrichment operation tagged with
 * the id (the lowest record id when several are, which the feed never gives).
 */
async function cvssByCve(db: pg.Pool, cves: readonly string[]): Promise<Map<string, unknown>> {
  // One tags-index lookup per id, then one primary-key probe for the link to the operation.
  // OFFSET 0 keeps the lookup a subquery of its own: flattened into the join, the planner
  // guesses hundreds of rows per tag and scans the operation's links or the whole table instead.
  const { rows } = await db.query<{ cve: string; data: unknown }>(
    `SELECT DISTINCT ON (q.cve) q.cve, r.data
     FROM unnest($2::text[]) AS q (cve)
     CROSS JOIN LATERAL (SELECT e.id, e.data FROM matcher.enrichment e WHERE e.tags @> ARRAY[q.cve] OFFSET 0) AS r
     WHERE EXISTS (SELECT 1 FROM matcher.uo_enrich l WHERE l.enrich = r.id AND l.uo = (
       SELECT max(id) FROM matcher.update_operation WHERE updater = $1 AND kind = 'enrichment'))
     ORDER BY q.cve, r.id`,
    [CVSS_UPDATER, cves],
  );
  return new Map(rows.map((r) => [r.cve, r.data]));
}
