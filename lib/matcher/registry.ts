import type { MatchersConfig } from '../config/types.ts';
import { ECOSYSTEMS } from '../ecosystems/index.ts';
import { ConfigError } from '../errors.ts';
import type { Ecosystem } from '../indexer/types.ts';
import type { Matcher } from './types.ts';

/**
 * Every matcher the ecosystems bring, as reverse lookups use them, with its `matchers.config`
 * applied. Settings for no matcher, or for one that takes none, are a ConfigError: claircore
 * ignores them, so a misspelt name would silently change nothing.
 */
export function registeredMatchers(
  ecosystems: readonly Ecosystem[] = ECOSYSTEMS,
  config: MatchersConfig['config'] = {},
): Matcher[] {
  const matchers = ecosystems.flatMap((e) => e.matchers ?? []);
  for (const [name, settings] of Object.entries(config)) {
    const matcher = matchers.find((m) => m.name === name);
    if (matcher === undefined)
      throw new ConfigError(
        `matchers.config.${name}: unknown matcher (known: ${matchers.map((m) => m.name).join(', ')})`,
      );
    if (matcher.configure === undefined && Object.keys(settings).length > 0)
      throw new ConfigError(`matchers.config.${name}: the ${name} matcher takes no settings`);
  }
  return matchers.map((m) => m.configure?.(config[m.name] ?? {}) ?? m);
}

/**
 * The matchers `matchers.names` asks for: every registered one when it is not given, nodejs
 * included, which claircore leaves off unless named (docs/compatibility.md).
 */
export function configuredMatchers(
  config: MatchersConfig,
  ecosystems: readonly Ecosystem[] = ECOSYSTEMS,
): Matcher[] {
  const all = registeredMatchers(ecosystems, config.config);
  if (config.names === null) return all;
  return config.names.map((name) => {
    const matcher = all.find((m) => m.name === name);
    if (matcher === undefined)
      throw new ConfigError(
        `matchers.names: unknown matcher "${name}" (known: ${all.map((m) => m.name).join(', ')})`,
      );
    return matcher;
  });
}

/**
 * The matchers a reverse lookup tries: every registered one, as Clair asks its whole default
 * registry whatever `matchers.names` says. The names are still checked, as at start-up.
 */
export function reverseMatchers(
  config: MatchersConfig,
  ecosystems: readonly Ecosystem[] = ECOSYSTEMS,
): Matcher[] {
  configuredMatchers(config, ecosystems);
  return registeredMatchers(ecosystems, config.config);
}
