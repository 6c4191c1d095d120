// WWW-Authenticate as registries send it: `Bearer realm="…",service="…",scope="…"` or
// `Basic realm="…"` (RFC 7235 auth-params, values quoted or bare).

export type AuthChallenge = {
  /** Lowercased: `bearer`, `basic`. */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
};

/** The first challenge in the header, or undefined when there is none to read. */
export function parseAuthChallenge(header: string | null): AuthChallenge | undefined {
  const match = /^\s*([A-Za-z][\w-]*)\s*(.*)$/s.exec(header ?? '');
  if (match === null) return undefined;
  const [, scheme, rest] = match as unknown as [string, string, string];
  const params: Record<string, string> = {};
  const param = /\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/gy;
  for (let m = param.exec(rest); m !== null && m[0] !== ''; m = param.exec(rest)) {
    const [, name, quoted, bare] = m as unknown as [string, string, string | undefined, string | undefined];
    params[name.toLowerCase()] = quoted === undefined ? (bare ?? '') : quoted.replace(/\\(.)/g, '$1');
  }
  return { scheme: scheme.toLowerCase(), params };
}
