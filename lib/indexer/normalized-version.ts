import type { KindedVersion } from './types.ts';

/** claircore's text form of a normalised version, `kind:v0.v1.….v9` with all ten; "" when none. */
export function normalizedVersionText(v: KindedVersion | undefined): string {
  return v === undefined || v.kind === '' ? '' : `${v.kind}:${v.v.join('.')}`;
}

/**
 * A report's normalised version text read back; "" (or text not of that form) is claircore's
 * zero Version, of kind "" and all zeros.
 */
export function parseNormalizedVersionText(text: string): KindedVersion {
  const colon = text.lastIndexOf(':');
  const v = text
    .slice(colon + 1)
    .split('.')
    .map(Number);
  if (colon === -1 || v.length !== 10 || !v.every(Number.isSafeInteger))
    return { kind: '', v: Array(10).fill(0) };
  return { kind: text.slice(0, colon), v };
}
