// Red Hat's repository-to-CPE mapping: which products (CPEs) a repository (repoid) belongs to,
// `{"data":{"<repoid>":{"cpes":["cpe:/o:redhat:enterprise_linux:8::baseos", …]}}}`.
import { InvalidInputError } from '../../errors.ts';
import { mappingReader } from './mapping-file.ts';

export const DEFAULT_REPOSITORY_CPE_MAPPING_URL =
  'https://security.access.redhat.com/data/metrics/repository-to-cpe.json';

/** The CPEs of each repoid, as the file writes them. */
export type RepositoryCpeMapping = ReadonlyMap<string, readonly string[]>;

export function parseRepositoryCpeMapping(json: unknown, where: string): RepositoryCpeMapping {
  const data = isObject(json) ? json.data : undefined;
  if (!isObject(data)) throw new InvalidInputError(`repository-to-cpe mapping ${where}: want {"data": {…}}`);
  const out = new Map<string, readonly string[]>();
  for (const [repoid, entry] of Object.entries(data)) {
    const cpes = isObject(entry) ? (entry.cpes ?? []) : undefined;
    if (!Array.isArray(cpes) || !cpes.every((c) => typeof c === 'string')) {
      throw new InvalidInputError(
        `repository-to-cpe mapping ${where}: data.${repoid}: want {"cpes": [strings]}`,
      );
    }
    out.set(repoid, cpes);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The mapping, shared by every scan in the process and refreshed at most once a day. */
export const readRepositoryCpeMapping = mappingReader(parseRepositoryCpeMapping);
