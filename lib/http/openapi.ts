import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type OpenApiDocument = {
  /** The document as written in the repository. */
  readonly yaml: string;
  /** The same document as compact JSON. */
  readonly json: string;
  readonly sha256: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
};

export const OPENAPI_PATH = join(import.meta.dirname, 'openapi.yaml');

/** Reads and parses the OpenAPI document once per process. */
export function loadOpenApi(path = OPENAPI_PATH): OpenApiDocument {
  const yaml = readFileSync(path, 'utf8');
  const doc = parse(yaml) as { paths?: OpenApiDocument['paths'] };
  return {
    yaml,
    json: JSON.stringify(doc),
    sha256: createHash('sha256').update(yaml).digest('hex'),
    paths: doc.paths ?? {},
  };
}
