import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors.ts';
import { DEFAULT_CONFIG_PATH } from './defaults.ts';
import { ConfigFileError } from './errors.ts';
import { readConfig } from './sections.ts';
import type { Config } from './types.ts';
import { createReader, type Env } from './yaml-reader.ts';

export type LoadedConfig = {
  readonly config: Config;
  /** Accepted but noteworthy settings (unused Clair keys, adjusted values), to log at start-up. */
  readonly warnings: readonly string[];
};

/** The config file to load: `--config PATH`, else `CLAIR_CONF`, else config/local.yaml. */
export function configPath(argv: readonly string[], env: Env): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
    if (arg === '--config') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('-')) throw new ConfigError('--config needs a file path');
      return next;
    }
  }
  return env.CLAIR_CONF || DEFAULT_CONFIG_PATH;
}

/** Reads and validates the config file chosen by argv and env. */
export async function loadConfig(argv: readonly string[], env: Env): Promise<LoadedConfig> {
  const file = configPath(argv, env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${file}: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(text, file, env);
}

/** Validates config text; every problem found is reported at once in a ConfigFileError. */
export function parseConfig(text: string, file: string, env: Env): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const [syntax] = doc.errors;
  if (syntax !== undefined) {
    // Later YAML errors are usually echoes of the first, so only the first is reported.
    const message = `not valid YAML: ${(syntax.message.split('\n')[0] as string).replace(/:$/, '')}`;
    throw new ConfigFileError(file, [{ path: '(document)', line: syntax.linePos?.[0].line, message }]);
  }
  const reader = createReader(doc, lines, env);
  const warnings: string[] = [];
  const config = readConfig(reader.root, { file, env, warnings });
  reader.checkUnknownKeys();
  if (reader.problems.length > 0) {
    const byLine = [...reader.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new ConfigFileError(file, byLine);
  }
  return { config, warnings };
}
