// NVD's per-year `.meta` file: `key:value` lines, of which the sha256 of the year's JSON is what
// tells a changed feed from an unchanged one.
import { UpstreamError } from '../../errors.ts';

const SHA256 = /^[0-9a-f]{64}$/i;

/**
 * The sha256 a `.meta` file states, upper-cased as claircore keeps it in the fingerprint. A file
 * without a well-formed sha256 line fails with UpstreamError naming the url.
 */
export function metaSha256(text: string, url: string): string {
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim() !== 'sha256') continue;
    const value = line.slice(colon + 1).trim();
    if (!SHA256.test(value)) {
      throw new UpstreamError(`feed ${url}: sha256 ${JSON.stringify(value)} is not 64 hex digits`);
    }
    return value.toUpperCase();
  }
  throw new UpstreamError(`feed ${url}: no sha256 line in the meta file`);
}
