import { InvalidInputError } from '../errors.ts';

/** A content digest, `sha256:<64 hex>` or `sha512:<128 hex>`, as Clair accepts them. */
export type Digest = string;

const LENGTHS: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };

/** The digest in value, or InvalidInputError naming field, the value and what is allowed. */
export function parseDigest(value: unknown, field: string): Digest {
  const fail = (why: string): never => {
    throw new InvalidInputError(
      `${field} ${JSON.stringify(value)} ${why}: want sha256:<64 hex digits> or sha512:<128 hex digits>`,
    );
  };
  if (typeof value !== 'string') return fail('is not a digest');
  const colon = value.indexOf(':');
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  const length = LENGTHS[algorithm];
  if (colon === -1 || length === undefined) return fail('has an unknown algorithm');
  if (!/^[0-9a-f]*$/.test(hex)) return fail('is not lowercase hex');
  if (hex.length !== length) return fail(`has ${hex.length} hex digits`);
  return value;
}

/** The algorithm part of a digest, as node:crypto names it. */
export const digestAlgorithm = (digest: Digest): string => digest.slice(0, digest.indexOf(':'));
