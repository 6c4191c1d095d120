import { parseDurationMs } from '../config/duration.ts';
import { ConfigError } from '../errors.ts';

type Raw = Readonly<Record<string, unknown>>;

/** Typed reads of one updater set's `updaters.config.<set>` mapping. */
export function pluginConfig(raw: Raw, set: string, known: readonly string[]) {
  return pluginConfigAt(raw, `updaters.config.${set}`, known);
}

/**
 * Typed reads of one plug-in's settings at `where` (e.g. `indexer.scanner.repo.<name>`), failing
 * with the key path: the config loader cannot know each plug-in's keys, so each checks its own.
 */
export function pluginConfigAt(raw: Raw, where: string, known: readonly string[]) {
  const path = (key: string) => `${where}.${key}`;
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) throw new ConfigError(`${path(key)}: unknown key (known: ${known.join(', ')})`);
  }
  return {
    url(key: string, fallback: string): string {
      const value = raw[key] ?? fallback;
      if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
        throw new ConfigError(`${path(key)}: ${JSON.stringify(value)} is not an absolute http(s) URL`);
      }
      return value;
    },
    /** A duration such as `10s` or `2m`, in milliseconds. */
    duration(key: string, fallbackMs: number): number {
      const value = raw[key];
      if (value === undefined || value === null) return fallbackMs;
      const ms = typeof value === 'string' ? parseDurationMs(value) : undefined;
      if (ms === undefined)
        throw new ConfigError(`${path(key)}: want a duration such as "10s", got ${JSON.stringify(value)}`);
      return ms;
    },
    boolean(key: string, fallback: boolean): boolean {
      const value = raw[key] ?? fallback;
      if (typeof value !== 'boolean')
        throw new ConfigError(`${path(key)}: want true or false, got ${JSON.stringify(value)}`);
      return value;
    },
    stringList(key: string): string[] | undefined {
      const value = raw[key];
      if (value === undefined || value === null) return undefined;
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
      throw new ConfigError(`${path(key)}: want a list of strings, got ${JSON.stringify(value)}`);
    },
    stringMap(key: string): Record<string, string> | undefined {
      const value = raw[key];
      if (value === undefined || value === null) return undefined;
      if (typeof value === 'object' && !Array.isArray(value)) {
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.every(([, v]) => typeof v === 'string' || typeof v === 'number')) {
          return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
        }
      }
      throw new ConfigError(`${path(key)}: want a mapping of names to strings, got ${JSON.stringify(value)}`);
    },
  };
}
