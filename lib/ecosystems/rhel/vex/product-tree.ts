// A CSAF product id, as a status names it, resolved to the package product (with a purl) and the
// repository product (with a cpe) it combines (claircore rhel/vex parser.go, creator.Status).
import type { CsafDocument, CsafProduct, CsafRelationship } from './csaf.ts';

export type ProductTree = {
  /**
   * The product's package purl and repository cpe; undefined when its relationships do not lead
   * to both (middleware products have none), which claircore passes over too.
   */
  resolve(id: string): { readonly purl: string; readonly cpe: string } | undefined;
};

// Nested relationships are followed this deep, as claircore does.
const MAX_DEPTH = 5;

/** The document's product tree, indexed once. */
export function productTree(doc: CsafDocument): ProductTree {
  const products = new Map<string, CsafProduct>();
  for (const p of doc.products) products.set(p.id, p);
  const components = new Map<string, CsafRelationship>();
  for (const r of doc.relationships) if (r.category === 'default_component_of') components.set(r.id, r);
  // Ids found unusable (a status, or the package or repository it leads to) stay so for the document.
  const skipped = new Set<string>();

  const follow = (start: string, next: (r: CsafRelationship) => string): string => {
    let id = start;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const r = components.get(id);
      if (r === undefined) break;
      id = next(r);
    }
    return id;
  };

  return {
    resolve(id) {
      if (skipped.has(id)) return undefined;
      const rel = components.get(id);
      if (rel === undefined) {
        skipped.add(id);
        return undefined;
      }
      const pkgId = follow(rel.productRef, (r) => r.productRef);
      const repoId = follow(rel.relatesToRef, (r) => r.relatesToRef);
      if (skipped.has(pkgId) || skipped.has(repoId)) return undefined;
      const purl = products.get(pkgId)?.helper.purl;
      const cpe = products.get(repoId)?.helper.cpe;
      if (purl === undefined) skipped.add(pkgId);
      if (cpe === undefined) skipped.add(repoId);
      return purl === undefined || cpe === undefined ? undefined : { purl, cpe };
    },
  };
}
