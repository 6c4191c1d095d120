import { InvalidInputError } from '../errors.ts';
import { parseJsonBody } from '../http/body.ts';
import type { ApiRequest, ApiResponse } from '../http/request.ts';
import { describeJson, isJsonObject, type JsonObject } from '../json-value.ts';
import { reverseMatchers } from '../matcher/registry.ts';
import { vulnerabilityRanges } from '../matcher/store/vulnerability-ranges.ts';
import type { WireVulnerability } from '../updater/wire-vulnerability.ts';
import { affectedManifests } from './affected-manifests.ts';
import type { IndexerApiDeps } from './api.ts';

/**
 * POST internal/affected_manifest/ (clair-spec.md section 2.10): the body is
 * `{"vulnerabilities": [Vulnerability…]}`, the answer the manifests each one affects.
 */
export async function postAffectedManifestsRoute(
  req: ApiRequest,
  deps: IndexerApiDeps,
): Promise<ApiResponse> {
  const vulns = parseRequest(parseJsonBody(req));
  const ranges = await vulnerabilityRanges(
    deps.db,
    vulns.map((v) => v.id),
  );
  return {
    status: 200,
    json: await affectedManifests(deps.db, vulns, reverseMatchers(deps.config.matchers), ranges, deps.log),
  };
}

function parseRequest(body: unknown): WireVulnerability[] {
  if (!isJsonObject(body) || !Array.isArray(body.vulnerabilities))
    throw new InvalidInputError(
      `affected manifests request: want {"vulnerabilities": [...]}, got ${describeJson(body)}`,
    );
  return body.vulnerabilities.map((v: unknown, i) => parseVulnerability(v, `vulnerabilities[${i}]`));
}

function parseVulnerability(v: unknown, where: string): WireVulnerability {
  if (!isJsonObject(v))
    throw new InvalidInputError(`${where}: want a vulnerability object, got ${describeJson(v)}`);
  // Where each object sits, so a message names the field's path (`package.name`).
  const paths = new Map<JsonObject, string>([[v, '']]);
  const text = (o: JsonObject | undefined, key: string): string => {
    const value = o?.[key];
    if (value === undefined || value === null || o === undefined) return '';
    const path = `${paths.get(o) ?? ''}${key}`;
    if (typeof value !== 'string')
      throw new InvalidInputError(`${where}: ${path} must be a string, got ${describeJson(value)}`);
    // PostgreSQL text cannot hold NUL; refused here rather than failing the query.
    if (value.includes('\u0000')) throw new InvalidInputError(`${where}: ${path} holds a NUL character`);
    return value;
  };
  const object = (key: string): JsonObject | undefined => {
    const value = v[key];
    if (value === undefined || value === null) return undefined;
    if (!isJsonObject(value))
      throw new InvalidInputError(`${where}: ${key} must be an object, got ${describeJson(value)}`);
    paths.set(value, `${key}.`);
    return value;
  };
  const id = text(v, 'id');
  if (id === '') throw new InvalidInputError(`${where}: id is missing`);
  const pkg = object('package');
  if (pkg === undefined || text(pkg, 'name') === '')
    throw new InvalidInputError(`${where}: package.name is missing`);
  const dist = object('distribution');
  const repo = object('repository');
  const present = (o: JsonObject | undefined, keys: readonly string[]) =>
    Object.fromEntries(keys.flatMap((k) => (text(o, k) === '' ? [] : [[k, text(o, k)]])));
  return {
    id,
    updater: text(v, 'updater'),
    name: text(v, 'name'),
    description: text(v, 'description'),
    issued: text(v, 'issued'),
    links: text(v, 'links'),
    severity: text(v, 'severity'),
    normalized_severity: text(v, 'normalized_severity'),
    package: {
      id: '',
      name: text(pkg, 'name'),
      version: text(pkg, 'version'),
      ...present(pkg, ['kind']),
      normalized_version: '',
      ...present(pkg, ['module', 'arch']),
      cpe: '',
    },
    distribution: {
      id: '',
      did: text(dist, 'did'),
      name: text(dist, 'name'),
      version: text(dist, 'version'),
      version_code_name: text(dist, 'version_code_name'),
      version_id: text(dist, 'version_id'),
      arch: text(dist, 'arch'),
      cpe: text(dist, 'cpe'),
      pretty_name: text(dist, 'pretty_name'),
    },
    repository: { ...present(repo, ['name', 'key', 'uri']), cpe: '' },
    fixed_in_version: text(v, 'fixed_in_version'),
    ...present(v, ['arch_op']),
  };
}
