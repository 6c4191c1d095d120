import { createHash } from 'node:crypto';
import type { Vulnerability } from './types.ts';

/**
 * The identity of a vulnerability record: a hash of everything a matcher or a reader sees in it,
 * so an unchanged record is one row across operations and diffs are set differences.
 */
export function contentHash(updater: string, v: Vulnerability): Buffer {
  const fields = [
    updater,
    v.name,
    v.description,
    v.issued ?? '',
    v.links,
    v.severity,
    v.normalizedSeverity,
    v.package.name,
    v.package.version,
    v.package.module,
    v.package.arch,
    v.package.kind,
    v.dist?.did ?? '',
    v.dist?.name ?? '',
    v.dist?.version ?? '',
    v.dist?.versionCodeName ?? '',
    v.dist?.versionId ?? '',
    v.dist?.arch ?? '',
    v.dist?.cpe ?? '',
    v.dist?.prettyName ?? '',
    v.repo?.name ?? '',
    v.repo?.key ?? '',
    v.repo?.uri ?? '',
    v.fixedInVersion,
    v.archOperation,
    v.range?.kind ?? '',
    v.range?.lower ?? [],
    v.range?.upper ?? [],
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest();
}
