// A CSAF product id, as a status names it, resolved to the package product (with a purl) and the
// repository product (with a cpe) it combines (claircore rhel/vex parser.go, creator.Status).
import type { CsafDocument, CsafProduct, CsafRelationship } from './csaf.ts';

/** Why a product id cannot be read as a package in a repository; ids are skipped for the document. */
export type ProductSkip = 'no relationship' | 'no such package' | 'no such repository' | 'no purl' | 'no cpe';

export type ResolvedProduct =
  | { readonly ok: true; readonly purl: string; readonly cpe: string }
  | { readonly ok: false; readonly skip: ProductSkip };

export type ProductTree = {
  /** The product's package purl and repository cpe, or why there are none. */
  resolve(id: string): ResolvedProduct;
};

// Nested relationships are followed this deep, as claircore does.
const MAX_DEPTH = 5;

/** The document's product tree, indexed once; resolutions are remembered, failures for good. */
export function productTree(doc: CsafDocument): ProductTree {
  const products = new Map<string, CsafProduct>();
  for (const p of doc.products) products.set(p.id, p);
  const components = new Map<string, CsafRelationship>();
  for (const r of doc.relationships) if (r.category === 'default_component_of') components.set(r.id, r);
  // A skipped id (a status, or the package or repository it leads to) stays skipped.
  const skipped = new Map<string, ProductSkip>();

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
      const known = skipped.get(id);
      if (known !== undefined) return { ok: false, skip: known };
      const rel = components.get(id);
      if (rel === undefined) {
        skipped.set(id, 'no relationship');
        return { ok: false, skip: 'no relationship' };
      }
      const pkgId = follow(rel.productRef, (r) => r.productRef);
      const repoId = follow(rel.relatesToRef, (r) => r.relatesToRef);
      const earlier = skipped.get(pkgId) ?? skipped.get(repoId);
      if (earlier !== undefined) return { ok: false, skip: earlier };
      const pkg = products.get(pkgId);
      const repo = products.get(repoId);
      if (pkg === undefined) skipped.set(pkgId, 'no such package');
      if (repo === undefined) skipped.set(repoId, 'no such repository');
      if (pkg === undefined || repo === undefined)
        return { ok: false, skip: pkg === undefined ? 'no such package' : 'no such repository' };
      const purl = pkg.helper.purl;
      const cpe = repo.helper.cpe;
      if (purl === undefined) skipped.set(pkgId, 'no purl');
      if (cpe === undefined) skipped.set(repoId, 'no cpe');
      if (purl === undefined || cpe === undefined)
        return { ok: false, skip: purl === undefined ? 'no purl' : 'no cpe' };
      return { ok: true, purl, cpe };
    },
  };
}
