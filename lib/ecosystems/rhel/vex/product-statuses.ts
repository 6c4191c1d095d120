// The products of one status (fixed, known_affected, known_not_affected) of a VEX vulnerability
// that make records: resolved to a usable package purl and a repository CPE, with the score,
// impact threat and vendor fix that apply (claircore rhel/vex parser.go, creator.Status).

import { formatCpe, parseCpe, type Wfn } from '../../../cpe/wfn.ts';
import { InvalidInputError } from '../../../errors.ts';
import type { CsafDocument, CsafScore, CsafVulnerability } from './csaf.ts';
import type { ProductTree } from './product-tree.ts';
import { type Purl, parsePurl } from './purl.ts';
import { isUsablePurl } from './purl-fields.ts';
import { cvssBaseScore } from './severity.ts';

export type ProductStatus = 'fixed' | 'known_affected' | 'known_not_affected';

export type StatusProduct = {
  readonly id: string;
  readonly purl: Purl;
  readonly wfn: Wfn;
  /** The CPE as claircore's repository name: its 2.3 formatted string. */
  readonly cpeName: string;
  /** Tells CPEs apart as their WFNs do (unset and ANY differ), for merging products. */
  readonly cpeKey: string;
  readonly score: CsafScore | undefined;
  /** The impact threat's details (`Moderate`), if any. */
  readonly impact: string | undefined;
  /** The first vendor_fix remediation's URL (an RHSA), if any. */
  readonly fixUrl: string | undefined;
};

/**
 * Per product id, over the whole document: later scores and threats win, the first fix does. The
 * CPEs read so far, by text: a document names a few repositories for thousands of products.
 */
export type DocumentIndexes = {
  readonly scores: ReadonlyMap<string, CsafScore>;
  readonly impacts: ReadonlyMap<string, string>;
  readonly fixes: ReadonlyMap<string, string>;
  readonly cpes: Map<string, { readonly wfn: Wfn; readonly name: string; readonly key: string }>;
};

export function documentIndexes(doc: CsafDocument): DocumentIndexes {
  const scores = new Map<string, CsafScore>();
  const impacts = new Map<string, string>();
  const fixes = new Map<string, string>();
  for (const v of doc.vulnerabilities) {
    for (const s of v.scores) for (const id of s.productIds) scores.set(id, s);
    for (const t of v.threats)
      if (t.category === 'impact') for (const id of t.productIds) impacts.set(id, t.details);
    for (const r of v.remediations)
      if (r.category === 'vendor_fix')
        for (const id of r.productIds) if (!fixes.has(id)) fixes.set(id, r.url);
  }
  return { scores, impacts, fixes, cpes: new Map() };
}

/**
 * The usable products of a status. Products whose relationships do not resolve, or whose purl is
 * not a Red Hat RPM or image (or a kernel package left out), are passed over silently, as in
 * claircore; a purl or CPE that does not parse fails the document (InvalidInputError naming where).
 */
export function* statusProducts(
  vuln: CsafVulnerability,
  status: ProductStatus,
  tree: ProductTree,
  indexes: DocumentIndexes,
  options: { readonly ignoreKernelPackages: boolean; readonly where: string },
): Generator<StatusProduct> {
  for (const id of vuln.productStatus[status] ?? []) {
    const resolved = tree.resolve(id);
    if (resolved === undefined) continue;
    const where = `vex document ${options.where}: product ${JSON.stringify(id)}`;
    let cpe = indexes.cpes.get(resolved.cpe);
    let purl: Purl;
    try {
      if (cpe === undefined) {
        const wfn = parseCpe(resolved.cpe);
        cpe = { wfn, name: formatCpe(wfn), key: JSON.stringify(wfn) };
        indexes.cpes.set(resolved.cpe, cpe);
      }
      purl = parsePurl(resolved.purl);
    } catch (cause) {
      throw new InvalidInputError(`${where}: ${(cause as Error).message}`, { cause });
    }
    if (!isUsablePurl(purl, options.ignoreKernelPackages)) continue;
    const score = indexes.scores.get(id);
    const impact = indexes.impacts.get(id);
    // Neither an impact rating nor a non-zero score: Red Hat does not consider it affected.
    if (impact === undefined && score !== undefined && cvssBaseScore(score) === 0) continue;
    yield {
      id,
      purl,
      wfn: cpe.wfn,
      cpeName: cpe.name,
      cpeKey: cpe.key,
      score,
      impact,
      fixUrl: indexes.fixes.get(id),
    };
  }
}
