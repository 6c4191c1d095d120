// One line of an updater bundle, in Clair's jsonblob format (clair-spec.md section 6.5), so a bundle
// made by `clairctl export-updaters` imports here and ours imports into Clair.
import { InvalidInputError } from '../errors.ts';
import { isJsonObject } from '../json-value.ts';
import { type EnrichmentRecord, SEVERITIES, type Severity, type Vulnerability } from './types.ts';

export type BundleOperation = {
  readonly updater: string;
  readonly fingerprint: string;
  readonly date: string;
  readonly ref: string;
};

export type BundleRecord = BundleOperation &
  (
    | { readonly kind: 'vulnerability'; readonly vulnerability: Vulnerability }
    | { readonly kind: 'enrichment'; readonly enrichment: EnrichmentRecord }
  );

const versionText = (kind: string, v: readonly number[]): string => `${kind}:${v.join('.')}`;

/** A record as one bundle line (JSON, no newline). */
export function encodeRecord(r: BundleRecord): string {
  if (r.kind === 'enrichment') return encodeEnrichment(r, r.enrichment);
  const v = r.vulnerability;
  return JSON.stringify({
    Updater: r.updater,
    Fingerprint: r.fingerprint,
    Date: r.date,
    Kind: 'vulnerability',
    Ref: r.ref,
    Vuln: {
      id: '',
      updater: r.updater,
      name: v.name,
      description: v.description,
      issued: v.issued ?? '0001-01-01T00:00:00Z',
      links: v.links,
      severity: v.severity,
      normalized_severity: v.normalizedSeverity,
      package: {
        name: v.package.name,
        version: v.package.version,
        kind: v.package.kind,
        module: v.package.module,
        arch: v.package.arch,
      },
      distribution:
        v.dist === undefined
          ? undefined
          : {
              did: v.dist.did,
              name: v.dist.name,
              version: v.dist.version,
              version_code_name: v.dist.versionCodeName,
              version_id: v.dist.versionId,
              arch: v.dist.arch,
              cpe: v.dist.cpe,
              pretty_name: v.dist.prettyName,
            },
      repository: v.repo === undefined ? undefined : { name: v.repo.name, key: v.repo.key, uri: v.repo.uri },
      fixed_in_version: v.fixedInVersion,
      ...(v.archOperation === '' ? {} : { arch_op: v.archOperation }),
      ...(v.range === undefined
        ? {}
        : {
            range: {
              '[': versionText(v.range.kind, v.range.lower),
              ')': versionText(v.range.kind, v.range.upper),
            },
          }),
      // claircore's untagged Invert (from v1.5.53); left out when false, as Clair HEAD has none.
      ...(v.invert === true ? { Invert: true } : {}),
    },
  });
}

// Go's EnrichmentRecord: Tags and Enrichment, the record's JSON as it is.
const encodeEnrichment = (op: BundleOperation, e: EnrichmentRecord): string =>
  JSON.stringify({
    Updater: op.updater,
    Fingerprint: op.fingerprint,
    Date: op.date,
    Kind: 'enrichment',
    Ref: op.ref,
    Enrichment: { Tags: e.tags, Enrichment: e.data },
  });

const str = (o: Record<string, unknown> | undefined, k: string): string =>
  typeof o?.[k] === 'string' ? (o[k] as string) : '';

function parseVersion(text: unknown, where: string): { kind: string; v: number[] } {
  const match = typeof text === 'string' ? /^([^:]+):((?:-?\d+\.){9}-?\d+)$/.exec(text) : null;
  if (match === null)
    throw new InvalidInputError(`${where}: range bound ${JSON.stringify(text)} is not kind:v0.….v9`);
  return { kind: match[1] as string, v: (match[2] as string).split('.').map(Number) };
}

/**
 * A bundle line as a record: a vulnerability, or an enrichment (Clair bundles carry clair.cvss
 * ones). InvalidInputError names the line otherwise.
 */
export function decodeRecord(line: string, where: string): BundleRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    throw new InvalidInputError(`${where}: not JSON: ${(cause as Error).message}`, { cause });
  }
  if (isJsonObject(value) && value.Kind === 'enrichment') return decodeEnrichment(value, where);
  if (
    !isJsonObject(value) ||
    !isJsonObject(value.Vuln) ||
    typeof value.Updater !== 'string' ||
    typeof value.Ref !== 'string'
  ) {
    throw new InvalidInputError(`${where}: not a bundle record: want Updater, Ref and Vuln`);
  }
  if (value.Kind !== undefined && value.Kind !== 'vulnerability') {
    throw new InvalidInputError(`${where}: kind ${JSON.stringify(value.Kind)} records are not supported`);
  }
  const v = value.Vuln;
  const pkg = isJsonObject(v.package) ? v.package : undefined;
  const dist = isJsonObject(v.distribution) ? v.distribution : undefined;
  const repo = isJsonObject(v.repository) ? v.repository : undefined;
  const range = isJsonObject(v.range) ? v.range : undefined;
  const lower = range === undefined ? undefined : parseVersion(range['['], where);
  const upper = range === undefined ? undefined : parseVersion(range[')'], where);
  const issued = str(v, 'issued');
  const severity = str(v, 'normalized_severity');
  const archOp = str(v, 'arch_op');
  return {
    updater: value.Updater,
    fingerprint: typeof value.Fingerprint === 'string' ? value.Fingerprint : '',
    date: typeof value.Date === 'string' ? value.Date : '',
    ref: value.Ref,
    kind: 'vulnerability',
    vulnerability: {
      name: str(v, 'name'),
      description: str(v, 'description'),
      issued: issued === '' || issued.startsWith('0001-01-01') ? undefined : issued,
      links: str(v, 'links'),
      severity: str(v, 'severity'),
      normalizedSeverity: (SEVERITIES as readonly string[]).includes(severity)
        ? (severity as Severity)
        : 'Unknown',
      package: {
        name: str(pkg, 'name'),
        version: str(pkg, 'version'),
        module: str(pkg, 'module'),
        arch: str(pkg, 'arch'),
        kind: (['source', 'ancestry'] as const).find((k) => k === str(pkg, 'kind')) ?? 'binary',
      },
      dist:
        dist === undefined || Object.values(dist).every((x) => x === '' || x === undefined)
          ? undefined
          : {
              did: str(dist, 'did'),
              name: str(dist, 'name'),
              version: str(dist, 'version'),
              versionCodeName: str(dist, 'version_code_name'),
              versionId: str(dist, 'version_id'),
              arch: str(dist, 'arch'),
              cpe: str(dist, 'cpe'),
              prettyName: str(dist, 'pretty_name'),
            },
      repo:
        repo === undefined || ['name', 'key', 'uri'].every((k) => str(repo, k) === '')
          ? undefined
          : { name: str(repo, 'name'), key: str(repo, 'key'), uri: str(repo, 'uri') },
      fixedInVersion: str(v, 'fixed_in_version'),
      archOperation: (['equals', 'not equals', 'pattern match'] as const).find((op) => op === archOp) ?? '',
      range:
        lower === undefined || upper === undefined
          ? undefined
          : { kind: lower.kind, lower: lower.v, upper: upper.v },
      ...(v.Invert === true ? { invert: true } : {}),
    },
  };
}

/** An enrichment line: Updater, Ref, and Enrichment with Tags (null when none) and any JSON. */
function decodeEnrichment(value: Readonly<Record<string, unknown>>, where: string): BundleRecord {
  const e = isJsonObject(value.Enrichment) ? value.Enrichment : {};
  const tags = e.Tags ?? [];
  if (
    typeof value.Updater !== 'string' ||
    typeof value.Ref !== 'string' ||
    e.Enrichment === undefined ||
    !Array.isArray(tags) ||
    !tags.every((t) => typeof t === 'string')
  ) {
    throw new InvalidInputError(
      `${where}: not an enrichment record: want Updater, Ref, Enrichment.Tags (strings) and Enrichment.Enrichment`,
    );
  }
  return {
    updater: value.Updater,
    fingerprint: typeof value.Fingerprint === 'string' ? value.Fingerprint : '',
    date: typeof value.Date === 'string' ? value.Date : '',
    ref: value.Ref,
    kind: 'enrichment',
    enrichment: { tags, data: e.Enrichment },
  };
}
