// The parts of a CSAF 2.0 VEX document (docs.oasis-open.org/csaf/csaf/v2.0) that the RHEL VEX
// parser reads, as claircore's toolkit/types/csaf has them, and the one reader that narrows a
// document's JSON to them. Absent optional parts read as empty, as Go's decoder leaves them.
import { InvalidInputError } from '../../../errors.ts';
import { isJsonObject, type JsonObject } from '../../../json-value.ts';

export type CsafProduct = {
  readonly id: string;
  /** product_identification_helper: `purl`, `cpe`, … */
  readonly helper: Readonly<Record<string, string>>;
};

export type CsafRelationship = {
  readonly category: string;
  /** full_product_name.product_id: the id statuses name. */
  readonly id: string;
  readonly productRef: string;
  readonly relatesToRef: string;
};

export type CsafScore = {
  readonly productIds: readonly string[];
  /** By CVSS version ('cvss_v4', 'cvss_v3', 'cvss_v2'): base score and vector. */
  readonly cvss: Readonly<Record<string, { readonly baseScore: number; readonly vector: string }>>;
};

export type CsafVulnerability = {
  readonly cve: string;
  readonly releaseDate: string | undefined;
  readonly notes: readonly { readonly category: string; readonly text: string }[];
  readonly references: readonly { readonly category: string; readonly url: string }[];
  readonly productStatus: Readonly<Record<string, readonly string[]>>;
  readonly threats: readonly {
    readonly category: string;
    readonly details: string;
    readonly productIds: readonly string[];
  }[];
  readonly remediations: readonly {
    readonly category: string;
    readonly url: string;
    readonly productIds: readonly string[];
  }[];
  readonly scores: readonly CsafScore[];
};

export type CsafDocument = {
  readonly trackingId: string;
  readonly status: string;
  /** document.references */
  readonly references: readonly { readonly category: string; readonly url: string }[];
  /** Every product of the product tree's branches. */
  readonly products: readonly CsafProduct[];
  readonly relationships: readonly CsafRelationship[];
  readonly vulnerabilities: readonly CsafVulnerability[];
};

const CVSS_VERSIONS = ['cvss_v4', 'cvss_v3', 'cvss_v2'] as const;

/** A document's JSON text narrowed; `where` (the document's path) goes in every error. */
export function parseCsaf(text: string, where: string): CsafDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(`vex document ${where}: not JSON: ${(cause as Error).message}`, { cause });
  }
  const fail = (path: string, want: string): never => {
    throw new InvalidInputError(`vex document ${where}: ${path}: want ${want}`);
  };
  const object = (o: unknown, path: string): JsonObject => (isJsonObject(o) ? o : fail(path, 'an object'));
  const optObject = (o: JsonObject, key: string, path: string): JsonObject =>
    o[key] === undefined || o[key] === null ? {} : object(o[key], `${path}.${key}`);
  const str = (o: JsonObject, key: string, path: string): string => {
    const v = o[key];
    if (v === undefined || v === null) return '';
    return typeof v === 'string' ? v : fail(`${path}.${key}`, 'a string');
  };
  const list = (o: JsonObject, key: string, path: string): unknown[] => {
    const v = o[key];
    if (v === undefined || v === null) return [];
    return Array.isArray(v) ? v : fail(`${path}.${key}`, 'a list');
  };
  const strings = (o: JsonObject, key: string, path: string): string[] =>
    list(o, key, path).map((s, i) => (typeof s === 'string' ? s : fail(`${path}.${key}[${i}]`, 'a string')));
  const references = (o: JsonObject, path: string) =>
    list(o, 'references', path).map((r, i) => {
      const ref = object(r, `${path}.references[${i}]`);
      return { category: str(ref, 'category', path), url: str(ref, 'url', path) };
    });

  const root = object(value, '(document root)');
  if (!isJsonObject(root.document)) fail('document', 'an object');
  const document = root.document as JsonObject;
  if (!isJsonObject(document.tracking)) fail('document.tracking', 'an object');
  const tracking = document.tracking as JsonObject;
  const trackingId = str(tracking, 'id', 'document.tracking');
  if (trackingId === '') fail('document.tracking.id', 'a tracking id');

  const products: CsafProduct[] = [];
  const walk = (branch: JsonObject, path: string): void => {
    const product = optObject(branch, 'product', path);
    const helper = optObject(product, 'product_identification_helper', `${path}.product`);
    products.push({
      id: str(product, 'product_id', `${path}.product`),
      helper: Object.fromEntries(Object.entries(helper).filter(([, v]) => typeof v === 'string')) as Record<
        string,
        string
      >,
    });
    list(branch, 'branches', path).forEach((b, i) => {
      walk(object(b, `${path}.branches[${i}]`), `${path}.branches[${i}]`);
    });
  };
  const tree = optObject(root, 'product_tree', '');
  walk(tree, 'product_tree');
  const relationships = list(tree, 'relationships', 'product_tree').map((r, i) => {
    const path = `product_tree.relationships[${i}]`;
    const rel = object(r, path);
    return {
      category: str(rel, 'category', path),
      id: str(optObject(rel, 'full_product_name', path), 'product_id', `${path}.full_product_name`),
      productRef: str(rel, 'product_reference', path),
      relatesToRef: str(rel, 'relates_to_product_reference', path),
    };
  });

  const vulnerabilities = list(root, 'vulnerabilities', '').map((v, i): CsafVulnerability => {
    const path = `vulnerabilities[${i}]`;
    const vuln = object(v, path);
    const status = optObject(vuln, 'product_status', path);
    const releaseDate = str(vuln, 'release_date', path);
    if (releaseDate !== '' && Number.isNaN(Date.parse(releaseDate))) fail(`${path}.release_date`, 'a date');
    return {
      cve: str(vuln, 'cve', path),
      releaseDate: releaseDate === '' ? undefined : new Date(releaseDate).toISOString(),
      notes: list(vuln, 'notes', path).map((n, j) => {
        const note = object(n, `${path}.notes[${j}]`);
        return { category: str(note, 'category', path), text: str(note, 'text', path) };
      }),
      references: references(vuln, path),
      productStatus: Object.fromEntries(
        Object.keys(status).map((k) => [k, strings(status, k, `${path}.product_status`)]),
      ),
      threats: list(vuln, 'threats', path).map((t, j) => {
        const threat = object(t, `${path}.threats[${j}]`);
        return {
          category: str(threat, 'category', path),
          details: str(threat, 'details', path),
          productIds: strings(threat, 'product_ids', `${path}.threats[${j}]`),
        };
      }),
      remediations: list(vuln, 'remediations', path).map((r, j) => {
        const remediation = object(r, `${path}.remediations[${j}]`);
        return {
          category: str(remediation, 'category', path),
          url: str(remediation, 'url', path),
          productIds: strings(remediation, 'product_ids', `${path}.remediations[${j}]`),
        };
      }),
      scores: list(vuln, 'scores', path).map((s, j) => {
        const spath = `${path}.scores[${j}]`;
        const score = object(s, spath);
        const cvss: Record<string, { baseScore: number; vector: string }> = {};
        for (const version of CVSS_VERSIONS) {
          if (score[version] === undefined || score[version] === null) continue;
          const c = object(score[version], `${spath}.${version}`);
          const base = c.baseScore ?? 0;
          if (typeof base !== 'number') fail(`${spath}.${version}.baseScore`, 'a number');
          cvss[version] = {
            baseScore: base as number,
            vector: str(c, 'vectorString', `${spath}.${version}`),
          };
        }
        return { productIds: strings(score, 'products', spath), cvss };
      }),
    };
  });

  return {
    trackingId,
    status: str(tracking, 'status', 'document.tracking'),
    references: references(document, 'document'),
    products,
    relationships,
    vulnerabilities,
  };
}
