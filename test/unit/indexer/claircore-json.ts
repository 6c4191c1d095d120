// A clairless Distribution in the JSON form claircore's golden files use: snake_case field
// names, empty fields left out.
import type { Distribution } from '../../../lib/indexer/types.ts';

export function claircoreDistribution(d: Distribution): Record<string, string> {
  const fields: [string, string][] = [
    ['did', d.did],
    ['name', d.name],
    ['version', d.version],
    ['version_code_name', d.versionCodeName],
    ['version_id', d.versionId],
    ['arch', d.arch],
    ['cpe', d.cpe],
    ['pretty_name', d.prettyName],
  ];
  return Object.fromEntries(fields.filter(([, v]) => v !== ''));
}
