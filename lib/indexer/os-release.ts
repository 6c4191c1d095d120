import type { LayerFiles, Want } from './layer-files.ts';
import type { Distribution } from './types.ts';

/** The paths where os-release lives, in the order they are read. */
const OS_RELEASE_PATHS: readonly string[] = ['etc/os-release', 'usr/lib/os-release'];

/** A scanner's answer for os-release: its content. */
export const wantsOsRelease = (path: string): Want => (OS_RELEASE_PATHS.includes(path) ? 'content' : 'none');

/** The os-release fields of a layer ({} when it has none). */
export function readOsRelease(files: LayerFiles): Record<string, string> {
  const text = OS_RELEASE_PATHS.map((p) => files.text(p)).find((t) => t !== undefined);
  return text === undefined ? {} : parseOsRelease(text);
}

/**
 * The KEY=value pairs of an os-release (or lsb-release) file: comments and blank lines skipped,
 * single quotes taken literally, double quotes with backslash escapes. Lines that are not
 * assignments are skipped rather than failing the whole file, as distributions do ship them.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const key = line.slice(0, equals).trim();
    out[key] = unquote(line.slice(equals + 1).trim());
  }
  return out;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'"))
    return value.slice(1, -1).replaceAll("'\\''", "'");
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
    return value.slice(1, -1).replace(/\\([`\\"$])/g, '$1');
  return value;
}

/** The distribution os-release describes, field for field (claircore's generic mapping). */
export function osReleaseDistribution(fields: Readonly<Record<string, string>>): Distribution {
  return {
    did: fields.ID ?? 'linux',
    name: fields.NAME ?? 'Linux',
    version: fields.VERSION ?? '',
    versionCodeName: fields.VERSION_CODENAME ?? '',
    versionId: fields.VERSION_ID ?? '',
    arch: '',
    cpe: fields.CPE_NAME ?? '',
    prettyName: fields.REDHAT_BUGZILLA_PRODUCT ?? fields.PRETTY_NAME ?? '',
  };
}
