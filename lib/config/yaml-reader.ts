import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  parse,
  type YAMLMap,
} from 'yaml';
import { parseByteSize } from './byte-size.ts';
import { formatDurationMs, parseDurationMs } from './duration.ts';
import type { ConfigProblem } from './errors.ts';
import type { PluginConfig } from './types.ts';

export type Env = Readonly<Record<string, string | undefined>>;

type Range = { readonly min?: number; readonly max?: number };

/**
 * Typed, tracked access to one mapping of the config file. Every read records the key as known,
 * so whatever is left unread at the end is an unknown key; every failure becomes a problem that
 * names the key path and line, and the read answers the default so the walk can go on.
 */
export type Section = {
  readonly path: string;
  has(key: string): boolean;
  string(key: string, fallback: string): string;
  optionalString(key: string): string | undefined;
  int(key: string, fallback: number, range?: Range): number;
  bool(key: string, fallback: boolean): boolean;
  durationMs(key: string, fallback: number, range?: Range): number;
  bytes(key: string, fallback: number, range?: Range): number;
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T;
  /** A list of strings; a lone string reads as a list of one. */
  stringList(key: string): string[] | undefined;
  url(key: string): string | undefined;
  base64(key: string): Uint8Array | undefined;
  section(key: string): Section;
  plugins(key: string): Record<string, PluginConfig>;
  headers(key: string): Record<string, string[]>;
  /** Accepts any value under key (Clair settings clairless does not use); true when present. */
  ignored(key: string): boolean;
  problem(key: string, message: string): void;
};

export type Reader = {
  readonly root: Section;
  readonly problems: ConfigProblem[];
  /** Adds a problem for every key that no read asked for. */
  checkUnknownKeys(): void;
};

export function createReader(doc: Document, lines: LineCounter, env: Env): Reader {
  const problems: ConfigProblem[] = [];
  const visited: { map: YAMLMap; path: string; read: Set<string> }[] = [];
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? lines.linePos(node.range[0]).line : undefined;
  const deref = (node: unknown): Node | null => {
    const resolved = isAlias(node) ? node.resolve(doc) : node;
    return (resolved ?? null) as Node | null;
  };

  // `${NAME}` in a string is read from the environment. A substituted value is then typed as YAML
  // would type it, so `port: ${PORT}` still reads as a number.
  const substitute = (text: string, path: string, line: number | undefined): unknown => {
    let missing = false;
    const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const value = env[name];
      if (value === undefined) {
        problems.push({ path, line, message: `environment variable ${name} is not set` });
        missing = true;
        return '';
      }
      return value;
    });
    if (missing || out === text) return out;
    try {
      return parse(out);
    } catch {
      return out;
    }
  };

  const plain = (node: Node | null, path: string): unknown => {
    if (node === null) return null;
    if (isScalar(node)) {
      return typeof node.value === 'string' ? substitute(node.value, path, lineOf(node)) : node.value;
    }
    if (isSeq(node)) return node.items.map((item, i) => plain(deref(item), `${path}[${i}]`));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        out[key] = plain(deref(pair.value), `${path}.${key}`);
      }
      return out;
    }
    return null;
  };

  const makeSection = (map: YAMLMap | null, path: string, parentLine: number | undefined): Section => {
    const read = new Set<string>();
    if (map !== null) visited.push({ map, path, read });
    const keyPath = (key: string) => (path === '' ? key : `${path}.${key}`);
    const pairOf = (key: string) =>
      map?.items.find((p) => (isScalar(p.key) ? String(p.key.value) : undefined) === key);
    const nodeOf = (key: string): Node | null => {
      read.add(key);
      return deref(pairOf(key)?.value);
    };
    const fail = (key: string, message: string, node?: Node | null): void => {
      const line = lineOf(node ?? (pairOf(key)?.key as Node | undefined)) ?? lineOf(map) ?? parentLine;
      problems.push({ path: keyPath(key), line, message });
    };
    // The value under key as plain data; undefined when absent or null (null means "use the default").
    const valueAt = (key: string): { value: unknown; node: Node } | undefined => {
      const node = nodeOf(key);
      if (node === null) return undefined;
      const value = plain(node, keyPath(key));
      return value === null ? undefined : { value, node };
    };
    const show = (value: unknown): string => JSON.stringify(value) ?? String(value);
    const inRange = (
      key: string,
      n: number,
      node: Node,
      range: Range | undefined,
      render: (n: number) => string = String,
    ): boolean => {
      if (range?.min !== undefined && n < range.min) {
        fail(key, `${render(n)} is too small: want at least ${render(range.min)}`, node);
        return false;
      }
      if (range?.max !== undefined && n > range.max) {
        fail(key, `${render(n)} is too large: want at most ${render(range.max)}`, node);
        return false;
      }
      return true;
    };

    const section: Section = {
      path,
      has: (key) => pairOf(key) !== undefined,
      string(key, fallback) {
        return section.optionalString(key) ?? fallback;
      },
      optionalString(key) {
        const got = valueAt(key);
        if (got === undefined) return undefined;
        if (typeof got.value === 'string') return got.value;
        fail(key, `want a string, got ${show(got.value)}`, got.node);
        return undefined;
      },
      int(key, fallback, range) {
        const got = valueAt(key);
        if (got === undefined) return fallback;
        if (typeof got.value !== 'number' || !Number.isSafeInteger(got.value)) {
          fail(key, `want an integer, got ${show(got.value)}`, got.node);
          return fallback;
        }
        return inRange(key, got.value, got.node, range) ? got.value : fallback;
      },
      bool(key, fallback) {
        const got = valueAt(key);
        if (got === undefined) return fallback;
        if (typeof got.value === 'boolean') return got.value;
        fail(key, `want true or false, got ${show(got.value)}`, got.node);
        return fallback;
      },
      durationMs(key, fallback, range) {
        const got = valueAt(key);
        if (got === undefined) return fallback;
        const ms = typeof got.value === 'string' ? parseDurationMs(got.value) : undefined;
        if (ms === undefined) {
          fail(key, `want a duration such as "30s", "5m" or "6h", got ${show(got.value)}`, got.node);
          return fallback;
        }
        return inRange(key, ms, got.node, range, formatDurationMs) ? ms : fallback;
      },
      bytes(key, fallback, range) {
        const got = valueAt(key);
        if (got === undefined) return fallback;
        const bytes = parseByteSize(got.value);
        if (bytes === undefined) {
          fail(key, `want a size in bytes such as 4194304 or "4MiB", got ${show(got.value)}`, got.node);
          return fallback;
        }
        return inRange(key, bytes, got.node, range) ? bytes : fallback;
      },
      oneOf(key, allowed, fallback) {
        const got = valueAt(key);
        if (got === undefined) return fallback;
        const match = allowed.find((a) => typeof got.value === 'string' && a === got.value.toLowerCase());
        if (match !== undefined) return match;
        fail(key, `${show(got.value)} is not one of ${allowed.map(show).join(', ')}`, got.node);
        return fallback;
      },
      stringList(key) {
        const got = valueAt(key);
        if (got === undefined) return undefined;
        if (typeof got.value === 'string') return [got.value];
        if (Array.isArray(got.value) && got.value.every((v) => typeof v === 'string')) return got.value;
        fail(key, `want a list of strings, got ${show(got.value)}`, got.node);
        return undefined;
      },
      url(key) {
        const text = section.optionalString(key);
        if (text === undefined) return undefined;
        if (URL.canParse(text) && /^https?:$/.test(new URL(text).protocol)) return text;
        fail(key, `${show(text)} is not an absolute http(s) URL`);
        return undefined;
      },
      base64(key) {
        const text = section.optionalString(key);
        if (text === undefined) return undefined;
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
          fail(key, 'is not standard padded base64');
          return undefined;
        }
        const bytes = Buffer.from(text, 'base64');
        if (bytes.length === 0) fail(key, 'key is empty');
        return new Uint8Array(bytes);
      },
      section(key) {
        const node = nodeOf(key);
        if (node === null || (isScalar(node) && node.value === null))
          return makeSection(null, keyPath(key), lineOf(map));
        if (isMap(node)) return makeSection(node, keyPath(key), lineOf(node));
        fail(key, 'want a mapping of keys to values', node);
        return makeSection(null, keyPath(key), lineOf(node));
      },
      plugins(key) {
        const got = valueAt(key);
        if (got === undefined) return {};
        const value = got.value;
        const isRecord = (v: unknown): v is Record<string, unknown> =>
          typeof v === 'object' && v !== null && !Array.isArray(v);
        if (isRecord(value) && Object.values(value).every((v) => v === null || isRecord(v))) {
          return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, (v ?? {}) as PluginConfig]));
        }
        fail(key, 'want a mapping of names to settings mappings', got.node);
        return {};
      },
      headers(key) {
        const got = valueAt(key);
        if (got === undefined) return {};
        const value = got.value;
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          const entries = Object.entries(value);
          if (entries.every(([, v]) => Array.isArray(v) && v.every((s) => typeof s === 'string'))) {
            return Object.fromEntries(entries) as Record<string, string[]>;
          }
        }
        fail(key, 'want a mapping of header names to lists of strings', got.node);
        return {};
      },
      ignored(key) {
        const node = nodeOf(key);
        if (node !== null) plain(node, keyPath(key));
        return node !== null;
      },
      problem(key, message) {
        fail(key, message);
      },
    };
    return section;
  };

  const top = deref(doc.contents);
  let rootMap: YAMLMap | null = null;
  if (isMap(top)) rootMap = top;
  else if (top !== null && !(isScalar(top) && top.value === null)) {
    problems.push({
      path: '(document)',
      line: lineOf(top),
      message: 'the configuration must be a mapping of keys',
    });
  }
  return {
    root: makeSection(rootMap, '', 1),
    problems,
    checkUnknownKeys() {
      for (const { map, path, read } of visited) {
        for (const pair of map.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          if (read.has(key)) continue;
          const line = lineOf(pair.key as Node);
          problems.push({ path: path === '' ? key : `${path}.${key}`, line, message: 'unknown key' });
        }
      }
    },
  };
}
