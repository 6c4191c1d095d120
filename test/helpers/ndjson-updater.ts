// A minimal updater set for engine tests: each feed is newline-delimited JSON vulnerabilities
// served over loopback, so tests control exactly what changes between runs.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InvalidInputError } from '../../lib/errors.ts';
import { fetchFeed } from '../../lib/updater/fetch-feed.ts';
import type { UpdaterSetFactory, Vulnerability } from '../../lib/updater/types.ts';

/** Config `updaters.config.ndjson`: `url` (the feed server) and `feeds` (names served at /<name>.ndjson). */
export const ndjsonUpdaterSet: UpdaterSetFactory = {
  name: 'ndjson',
  discover: async (config) =>
    ((config.feeds as string[] | undefined) ?? []).map((feed) => ({
      set: 'ndjson',
      name: `ndjson/${feed}`,
      params: { feed },
    })),
  build: (spec, config) => {
    const url = `${config.url as string}/${spec.params.feed}.ndjson`;
    return {
      name: spec.name,
      fetch: (previous, ctx) => fetchFeed(url, previous, ctx),
      parse: async function* (file) {
        let line = 0;
        for await (const text of createInterface({ input: createReadStream(file) })) {
          line++;
          try {
            yield JSON.parse(text) as Vulnerability;
          } catch (cause) {
            throw new InvalidInputError(`feed ${url} line ${line}: ${(cause as Error).message}`, { cause });
          }
        }
      },
    };
  },
};

/** A vulnerability record as a feed would give it. */
export function vuln(name: string, pkg: string, fixedInVersion: string): Vulnerability {
  return {
    name,
    description: `${name} in ${pkg}`,
    issued: '2024-01-02T03:04:05.000Z',
    links: `https://example.test/${name}`,
    severity: 'high',
    normalizedSeverity: 'High',
    package: { name: pkg, version: '', module: '', arch: '', kind: 'source' },
    dist: {
      did: 'debian',
      name: 'Debian GNU/Linux',
      version: '12 (bookworm)',
      versionCodeName: 'bookworm',
      versionId: '12',
      arch: '',
      cpe: '',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
    },
    repo: undefined,
    fixedInVersion,
    archOperation: '',
    range: undefined,
  };
}

/** Records as a feed body. */
export const ndjson = (records: readonly Vulnerability[]): string =>
  records.map((r) => JSON.stringify(r)).join('\n');
