// Red Hat's mapping from an image's `name` label to the repositories it is published in
// (`{"data":{"<name>":["repo", …]}}`), read through the daily-refreshed mapping reader.
import type { PluginConfig } from '../../config/types.ts';
import { ConfigError, InvalidInputError } from '../../errors.ts';
import type { ScanContext } from '../../indexer/types.ts';
import { pluginConfigAt } from '../../updater/plugin-config.ts';
import { type MappingSource, mappingReader } from '../rhel/mapping-file.ts';

export type NameMapping = ReadonlyMap<string, readonly string[]>;

export const DEFAULT_NAME_MAPPING_URL =
  'https://security.access.redhat.com/data/metrics/container-name-repos-map.json';

/** The mapping as Red Hat publishes it; throws InvalidInputError naming what is wrong. */
export function parseNameMapping(json: unknown, where: string): NameMapping {
  const data = (json as { data?: unknown } | null)?.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidInputError(`mapping ${where}: want {"data": {"<name>": ["<repository>", …]}}`);
  }
  return new Map(
    Object.entries(data).map(([name, repos]) => {
      if (!Array.isArray(repos) || !repos.every((r) => typeof r === 'string')) {
        throw new InvalidInputError(`mapping ${where}: data.${name} is not a list of repository names`);
      }
      return [name, repos];
    }),
  );
}

/**
 * Where the scanner's `indexer.scanner.package.<scanner>` settings say the mapping is: a file
 * (`name2repos_mapping_file`) wins over a URL (`name2repos_mapping_url`, Red Hat's by default).
 */
export function nameMappingSource(config: PluginConfig, scanner: string): MappingSource {
  const where = `indexer.scanner.package.${scanner}`;
  const settings = pluginConfigAt(config, where, ['name2repos_mapping_url', 'name2repos_mapping_file']);
  const file = config.name2repos_mapping_file;
  if (file === undefined || file === null || file === '') {
    return { url: settings.url('name2repos_mapping_url', DEFAULT_NAME_MAPPING_URL) };
  }
  if (typeof file !== 'string') {
    throw new ConfigError(`${where}.name2repos_mapping_file: want a path, got ${JSON.stringify(file)}`);
  }
  return { file };
}

const readNameMapping = mappingReader(parseNameMapping);

/** The repositories an image named `name` is published in: the name itself when unmapped. */
export async function containerRepositories(
  name: string,
  scanner: string,
  ctx: ScanContext,
): Promise<readonly string[]> {
  const mapping = await readNameMapping(nameMappingSource(ctx.config, scanner), ctx);
  return mapping.get(name) ?? [name];
}
