// The alpine-secdb repository keeps the feed as YAML (`v3.x/main.yaml`); secdb.alpinelinux.org
// serves the same structure as JSON. Tests turn the YAML into that JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const SECDB_TESTDATA = join(import.meta.dirname, 'testdata', 'secdb');

/** `v3.5/community.yaml` under testdata/secdb as the JSON document the secdb serves. */
export function secdbJson(path: string): string {
  return `${JSON.stringify(parse(readFileSync(join(SECDB_TESTDATA, path), 'utf8')), null, 2)}\n`;
}
