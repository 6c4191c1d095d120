// One RHEL VEX (CSAF) document as the records of its CVE (claircore-engine.md section 6.2 "RHEL
// VEX"; claircore rhel/vex/parser.go): fixed products as binary packages fixed in a version,
// known_affected ones as source packages with no fix, known_not_affected ones as inverted
// assertions; container images keyed to the rhcc repository with rhctag ranges. Pure.

import { InvalidInputError } from '../../../errors.ts';
import type { DeltaRecord, NormalizedVersion, Vulnerability } from '../../../updater/types.ts';
import { parseRhcTag, rhcTagStream, rhcTagVersion } from '../../../versions/rhctag.ts';
import { RHCC_REPOSITORY_KEY } from '../../rhcc/repository.ts';
import { RHEL_REPOSITORY_KEY } from '../repository-scanner.ts';
import { type CsafVulnerability, parseCsaf } from './csaf.ts';
import {
  documentIndexes,
  type ProductStatus,
  type StatusProduct,
  statusProducts,
} from './product-statuses.ts';
import { productTree } from './product-tree.ts';
import type { Purl } from './purl.ts';
import {
  archPattern,
  fixedInVersion,
  isSourceArch,
  moduleName,
  PurlFieldError,
  packageName,
} from './purl-fields.ts';
import { cvssVector, normalizeImpact } from './severity.ts';

export type VexParseOptions = {
  /** The feed's base URL, for documents that carry no self link. */
  readonly baseUrl: string;
  readonly ignoreKernelPackages: boolean;
};

/** A product left out of the records because the data is wrong about it, as claircore logs it. */
export type ProductWarning = { readonly product: string; readonly reason: string };

export type ParsedDocument = { readonly record: DeltaRecord; readonly warnings: readonly ProductWarning[] };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
// A record while its products merge into it.
type Draft = Omit<Mutable<Vulnerability>, 'package'> & { package: Mutable<Vulnerability['package']> };

const INT32_MAX = 2 ** 31 - 1;
// Every tag: container assertions that name no version.
const EVERY_TAG = {
  kind: 'rhctag',
  lower: rhcTagVersion({ major: 0, minor: 0 }),
  upper: rhcTagVersion({ major: INT32_MAX, minor: 0 }),
};

/** A document's JSON text; `where` (its path in the feed) names it in errors. */
export function parseVexDocument(text: string, where: string, options: VexParseOptions): ParsedDocument {
  const doc = parseCsaf(text, where);
  const name = doc.trackingId;
  if (doc.status === 'deleted') return { record: { kind: 'deleted', name }, warnings: [] };
  const docLink =
    doc.references.find((r) => r.category === 'self')?.url ?? docLinkFromBase(options.baseUrl, name);
  const tree = productTree(doc);
  const indexes = documentIndexes(doc);
  const warnings: ProductWarning[] = [];
  const vulnerabilities: Vulnerability[] = [];
  for (const vuln of doc.vulnerabilities) {
    if (!/^CVE-./.test(vuln.cve))
      throw new InvalidInputError(
        `vex document ${where}: vulnerability cve ${JSON.stringify(vuln.cve)} is not a CVE id`,
      );
    const base = baseDraft(name, vuln, docLink);
    const products = (status: ProductStatus) =>
      statusProducts(vuln, status, tree, indexes, {
        ignoreKernelPackages: options.ignoreKernelPackages,
        where,
      });
    const warn = (product: StatusProduct, reason: string) => warnings.push({ product: product.id, reason });
    vulnerabilities.push(...fixedRecords(products('fixed'), base, warn));
    vulnerabilities.push(...knownAffectedRecords(products('known_affected'), base, warn));
    vulnerabilities.push(...knownNotAffectedRecords(products('known_not_affected'), base, warn));
  }
  return { record: { kind: 'document', name, vulnerabilities }, warnings };
}

/** `{base}2023/cve-2023-4911.json` for a CVE id; "" for other ids. */
function docLinkFromBase(base: string, name: string): string {
  const match = /^cve-(\d+)-.+$/.exec(name.toLowerCase());
  return match === null ? '' : new URL(`${match[1]}/${name.toLowerCase()}.json`, base).href;
}

type Warn = (product: StatusProduct, reason: string) => void;

function baseDraft(name: string, vuln: CsafVulnerability, docLink: string): () => Draft {
  const links = vuln.references.map((r) => r.url);
  if (docLink !== '') links.push(docLink);
  const description = vuln.notes.findLast((n) => n.category === 'description')?.text ?? '';
  return () => ({
    name,
    description,
    issued: vuln.releaseDate,
    links: links.join(' '),
    severity: 'Unknown',
    normalizedSeverity: 'Unknown',
    package: { name: '', version: '', module: '', arch: '', kind: 'binary' },
    dist: undefined,
    repo: undefined,
    fixedInVersion: '',
    archOperation: '',
    range: undefined,
  });
}

const repository = (p: StatusProduct) => ({
  key: p.purl.type === 'oci' ? RHCC_REPOSITORY_KEY : RHEL_REPOSITORY_KEY,
  name: p.cpeName,
  uri: '',
});

// Products merge into one record per package identity (the purl without its arch, and for images
// without the version) and repository; their arches are joined into one pattern.
const identity = (p: StatusProduct): string => {
  const qualifiers = [...p.purl.qualifiers.keys()]
    .filter((k) => k !== 'arch')
    .sort()
    .map((k) => `${k}=${p.purl.qualifiers.get(k)}`);
  const version = p.purl.type === 'oci' ? '' : p.purl.version;
  return [p.purl.type, p.purl.namespace, p.purl.name, p.purl.subpath, version, ...qualifiers, p.cpeKey].join(
    '\0',
  );
};

function mergeArch(draft: Draft, purl: Purl): void {
  const arch = archPattern(purl);
  if (arch === '') return;
  draft.package.arch = draft.package.arch === '' ? arch : `${draft.package.arch}|${arch}`;
  draft.archOperation = 'pattern match';
}

/** A field only the data can get wrong: the product is warned about and skipped. */
function attempt<T>(product: StatusProduct, warn: Warn, read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof PurlFieldError) && !(err instanceof InvalidInputError)) throw err;
    warn(product, err.message);
    return undefined;
  }
}

function fixedRecords(products: Iterable<StatusProduct>, base: () => Draft, warn: Warn): Draft[] {
  const byIdentity = new Map<string, Draft>();
  // Per image name, the record whose range starts lowest: its start is reset to 0.0.0 after, so
  // minor streams older than the first fixed one count as affected too.
  const lowest = new Map<string, Draft>();
  for (const p of products) {
    if (isSourceArch(p.purl)) continue;
    const key = identity(p);
    let draft = byIdentity.get(key);
    if (draft === undefined) {
      const fields = attempt(p, warn, () => {
        const severity = cvssVector(p.score);
        if ('error' in severity) throw new PurlFieldError(severity.error);
        const fixed = fixedInVersion(p.purl);
        return {
          fixed,
          name: packageName(p.purl),
          module: moduleName(p.purl),
          severity: severity.vector,
          range: p.purl.type === 'oci' ? rhcTagStream(parseRhcTag(fixed)) : undefined,
        };
      });
      if (fields === undefined) continue;
      draft = base();
      draft.fixedInVersion = fields.fixed;
      draft.package.name = fields.name;
      draft.package.module = fields.module;
      draft.severity = fields.severity;
      if (p.impact !== undefined) draft.normalizedSeverity = normalizeImpact(p.impact);
      draft.repo = repository(p);
      draft.range = fields.range;
      if (p.fixUrl !== undefined) draft.links = `${draft.links} ${p.fixUrl}`;
      if (fields.range !== undefined) {
        const current = lowest.get(p.purl.name)?.range;
        if (current === undefined || compare(fields.range.lower, current.lower) < 0)
          lowest.set(p.purl.name, draft);
      }
      byIdentity.set(key, draft);
    }
    mergeArch(draft, p.purl);
  }
  for (const draft of lowest.values())
    if (draft.range !== undefined) draft.range = { ...draft.range, lower: EVERY_TAG.lower };
  return [...byIdentity.values()];
}

function knownAffectedRecords(products: Iterable<StatusProduct>, base: () => Draft, warn: Warn): Draft[] {
  const out: Draft[] = [];
  for (const p of products) {
    const fields = attempt(p, warn, () => {
      const severity = p.score === undefined ? { vector: '' } : cvssVector(p.score);
      if ('error' in severity) throw new PurlFieldError(severity.error);
      return { name: packageName(p.purl), module: moduleName(p.purl), severity: severity.vector };
    });
    if (fields === undefined) continue;
    const draft = base();
    draft.package.name = fields.name;
    draft.package.kind = 'source';
    draft.package.module = fields.module;
    draft.severity = fields.severity;
    if (p.impact !== undefined) draft.normalizedSeverity = normalizeImpact(p.impact);
    draft.repo = repository(p);
    if (p.purl.type === 'oci') draft.range = EVERY_TAG;
    out.push(draft);
  }
  return out;
}

function knownNotAffectedRecords(products: Iterable<StatusProduct>, base: () => Draft, warn: Warn): Draft[] {
  const byIdentity = new Map<string, Draft>();
  for (const listed of products) {
    if (isSourceArch(listed.purl)) continue;
    // An assertion about the package whatever its version: version, epoch and tag go.
    const qualifiers = new Map([...listed.purl.qualifiers].filter(([k]) => k !== 'epoch' && k !== 'tag'));
    const p = { ...listed, purl: { ...listed.purl, version: '', qualifiers } };
    const key = identity(p);
    let draft = byIdentity.get(key);
    if (draft === undefined) {
      const fields = attempt(p, warn, () => {
        const severity = p.score === undefined ? { vector: 'Unknown' } : cvssVector(p.score);
        if ('error' in severity) throw new PurlFieldError(severity.error);
        return { name: packageName(p.purl), module: moduleName(p.purl), severity: severity.vector };
      });
      if (fields === undefined) continue;
      draft = base();
      draft.invert = true;
      draft.package.name = fields.name;
      draft.package.module = fields.module;
      draft.severity = fields.severity;
      if (p.impact !== undefined) draft.normalizedSeverity = normalizeImpact(p.impact);
      draft.repo = repository(p);
      if (p.purl.type === 'oci') {
        draft.package.kind = 'ancestry';
        draft.range = EVERY_TAG;
      }
      if (p.fixUrl !== undefined) draft.links = `${draft.links} ${p.fixUrl}`;
      byIdentity.set(key, draft);
    }
    mergeArch(draft, p.purl);
  }
  return [...byIdentity.values()];
}

function compare(a: NormalizedVersion, b: NormalizedVersion): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
