import type pg from 'pg';
import { enrichReport } from '../enrichers/cvss/enrich.ts';
import type { Logger } from '../log.ts';
import type { WireVulnerability } from '../updater/wire-vulnerability.ts';
import type { Enrichments } from './vulnerability-report.ts';

export type Enricher = (vulnerabilities: ReadonlyMap<string, WireVulnerability>) => Promise<Enrichments>;

/**
 * The report's enrichments (clair.cvss, the one enricher Clair enables), or none with
 * `matcher.disable_enrichment`. A failing enricher costs the report its enrichments, never the
 * report itself, as in Clair.
 */
export function reportEnricher(db: pg.Pool, log: Logger, disabled: boolean): Enricher {
  if (disabled) return async () => ({});
  return async (vulnerabilities) => {
    try {
      return await enrichReport(db, vulnerabilities);
    } catch (err) {
      log.warn('enrichment fail, report sent without it', { enricher: 'clair.cvss', err });
      return {};
    }
  };
}
