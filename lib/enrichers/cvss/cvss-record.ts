// One CVE of an NVD API 2.0 feed as a clair.cvss enrichment record: the CVSS v3 data NVD itself
// scored (claircore enricher/cvss/feed.go).
import { UpstreamError } from '../../errors.ts';
import { describeJson, isJsonObject } from '../../json-value.ts';
import type { EnrichmentRecord } from '../../updater/types.ts';

// v3.1 is preferred over v3.0; v2 and v4 scores are not read, as in claircore.
const METRICS = ['cvssMetricV31', 'cvssMetricV30'] as const;

/**
 * The record of one `vulnerabilities[]` item: tagged with its CVE id, holding the `cvssData` of
 * the first metric of type "Primary". Undefined for a rejected CVE and for one without such a
 * metric. An item that is not a CVE fails with UpstreamError naming where.
 */
export function cvssRecord(item: unknown, where: string): EnrichmentRecord | undefined {
  const cve = isJsonObject(item) ? item.cve : undefined;
  if (!isJsonObject(cve) || typeof cve.id !== 'string') {
    throw new UpstreamError(`${where}: want an object {"cve": {"id": ...}}, got ${describeJson(item)}`);
  }
  if (typeof cve.vulnStatus === 'string' && cve.vulnStatus.toLowerCase() === 'rejected') return undefined;
  const metrics = cve.metrics ?? {};
  if (!isJsonObject(metrics)) {
    throw new UpstreamError(`${where}: ${cve.id}: metrics is ${describeJson(metrics)}, want an object`);
  }
  for (const key of METRICS) {
    const list = metrics[key] ?? [];
    if (!Array.isArray(list)) {
      throw new UpstreamError(`${where}: ${cve.id}: metrics.${key} is ${describeJson(list)}, want a list`);
    }
    const primary: unknown = list.find((m) => isJsonObject(m) && m.type === 'Primary');
    if (isJsonObject(primary)) {
      return isJsonObject(primary.cvssData) ? { tags: [cve.id], data: primary.cvssData } : undefined;
    }
  }
  return undefined;
}
