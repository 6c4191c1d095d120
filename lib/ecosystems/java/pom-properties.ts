// The pom.properties Maven writes into a jar (META-INF/maven/<group>/<artifact>/pom.properties).
import type { Coordinates } from './manifest.ts';

/**
 * `groupId:artifactId` and `version`, or undefined unless all three are set. As claircore reads
 * it: `key=value` lines, trimmed, keys exact; reading stops once all three are known.
 */
export function pomCoordinates(text: string): Coordinates | undefined {
  const found = new Map<string, string>();
  for (const raw of text.split('\n')) {
    if (['groupId', 'artifactId', 'version'].every((k) => found.get(k))) break;
    const line = raw.replace(/^[ \t\r\n\v\f]+|[ \t\r\n\v\f]+$/g, '');
    const eq = line.indexOf('=');
    if (eq === -1) continue;
    found.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const group = found.get('groupId');
  const artifact = found.get('artifactId');
  const version = found.get('version');
  if (!group || !artifact || !version) return undefined;
  return { name: `${group}:${artifact}`, version };
}
