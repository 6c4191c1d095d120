// Red Hat's mapping from an image's `name` label to the repositories it is published in
// (`{"data":{"<name>":["repo", …]}}`), read through the daily-refreshed mapping reader.
import type { PluginConfig } from '../../config/types.ts';
import { InvalidInputError } from '../../errors.ts';
import type { ScanContext } from '../../indexer/types.ts';
import { mappingReader } from '../rhel/mapping-file.ts';
import { checkMappingSettings, type MappingKeys, mappingSettings } from '../rhel/mapping-settings.ts';

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

/** The mapping settings of the scanner at `indexer.scanner.package.<scanner>`, as claircore's ScannerConfig. */
const mappingKeys = (scanner: string): MappingKeys => ({
  where: `indexer.scanner.package.${scanner}`,
  urlKey: 'name2repos_mapping_url',
  fileKey: 'name2repos_mapping_file',
  defaultUrl: DEFAULT_NAME_MAPPING_URL,
});

/** The start-up check of the scanner's settings: they read, and a mapping file named is there. */
export function checkNameMappingConfig(config: PluginConfig, scanner: string): void {
  checkMappingSettings(config, mappingKeys(scanner));
}

const readNameMapping = mappingReader(parseNameMapping);

/** The repositories an image named `name` is published in: the name itself when unmapped. */
export async function containerRepositories(
  name: string,
  scanner: string,
  ctx: ScanContext,
): Promise<readonly string[]> {
  const settings = mappingSettings(ctx.config, mappingKeys(scanner));
  const { signal, log } = ctx;
  const mapping = await readNameMapping(settings.mapping, { signal, log, timeoutMs: settings.timeoutMs });
  return mapping.get(name) ?? [name];
}
