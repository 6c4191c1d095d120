// A jar's META-INF/MANIFEST.MF: the main section's attributes, read as claircore reads them (Go's
// MIME header reader), and the Maven-like coordinates they give.

/** A name (`group:artifact`, or one of them) and version found for an archive. */
export type Coordinates = { readonly name: string; readonly version: string };

const GROUP_KEYS = [
  'group-id',
  'bundle-symbolicname',
  'implementation-vendor-id',
  'implementation-vendor',
  'specification-vendor',
];
const ARTIFACT_KEYS = [
  'implementation-title',
  'specification-title',
  'bundle-name',
  'extension-name',
  'short-name',
];
const VERSION_KEYS = ['bundle-version', 'implementation-version', 'plugin-version', 'specification-version'];
// Unanchored, as claircore matches it: any digit run passes.
const MANIFEST_VERSION = /[0-9]+(\.[0-9]+)*/;
// RFC 7230 token characters, the only ones Go accepts in a header name.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The main section of a manifest: the text up to the first individual section (a line starting
 * `Name:`), closed there by a blank line; the whole text when it has no individual section.
 */
export function manifestMainSection(text: string): string {
  const cut = text.indexOf('\nName:');
  return cut === -1 ? text : `${text.slice(0, cut + 1)}\r\n`;
}

/**
 * The main section's attributes, names lower-cased, or undefined when the manifest is not sane:
 * not a header block, no numeric Manifest-Version, or a `Name` attribute.
 */
export function manifestAttributes(text: string): ReadonlyMap<string, string> | undefined {
  const headers = readHeaders(manifestMainSection(text));
  if (headers === undefined || headers.size === 0) return undefined;
  if (!MANIFEST_VERSION.test(headers.get('manifest-version') ?? '')) return undefined;
  if (headers.get('name')) return undefined;
  return headers;
}

/** The coordinates a sane manifest gives, or undefined when it gives no name or no version. */
export function manifestCoordinates(text: string): Coordinates | undefined {
  const headers = manifestAttributes(text);
  if (headers === undefined) return undefined;
  const group = firstWord(headers, GROUP_KEYS);
  let artifact = firstWord(headers, ARTIFACT_KEYS);
  if (artifact === group) artifact = '';
  const name = `${group}:${artifact}`.replace(/^:+|:+$/g, '');
  const version = VERSION_KEYS.map((k) => headers.get(k) ?? '').find((v) => v !== '') ?? '';
  return name === '' || version === '' ? undefined : { name, version };
}

/** The first value among keys that is non-empty and has no space; Bundle-SymbolicName is cut at `;`. */
function firstWord(headers: ReadonlyMap<string, string>, keys: readonly string[]): string {
  for (const key of keys) {
    const raw = headers.get(key) ?? '';
    const value = key === 'bundle-symbolicname' ? (raw.split(';', 1)[0] ?? '') : raw;
    if (value !== '' && !value.includes(' ')) return value;
  }
  return '';
}

/**
 * Header lines up to the first blank line, names lower-cased, the first of a repeated name kept.
 * As Go's reader: a continuation line (leading space or tab) is joined to its header with one
 * space; a first line that is a continuation, a line without a colon or a bad name spoil the
 * block; a line with an empty name is passed over.
 */
function readHeaders(section: string): Map<string, string> | undefined {
  const headers = new Map<string, string>();
  const logical: string[] = [];
  for (const line of section.split('\n')) {
    const trimmed = trimAscii(line);
    if (line === '' || line === '\r') break;
    if (/^[ \t]/.test(line)) {
      if (logical.length === 0) return undefined;
      logical[logical.length - 1] += ` ${trimmed}`;
    } else logical.push(trimmed);
  }
  for (const kv of logical) {
    const colon = kv.indexOf(':');
    if (colon === -1) return undefined;
    const name = kv.slice(0, colon);
    if (name === '') continue;
    if (!HEADER_NAME.test(name)) return undefined;
    const key = name.toLowerCase();
    if (!headers.has(key)) headers.set(key, kv.slice(colon + 1).replace(/^[ \t]+/, ''));
  }
  return headers;
}

function trimAscii(s: string): string {
  return s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}
