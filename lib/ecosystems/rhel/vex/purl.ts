// Package URLs (github.com/package-url/purl-spec), read as packageurl-go (v0.1.6, claircore's)
// reads them: `pkg:type/namespace/name@version?qualifiers#subpath`, parts percent-decoded, the
// type and qualifier keys lower-cased.
import { InvalidInputError } from '../../../errors.ts';

export type Purl = {
  readonly type: string;
  readonly namespace: string;
  readonly name: string;
  readonly version: string;
  /** By key; keys are lower-case. */
  readonly qualifiers: ReadonlyMap<string, string>;
  readonly subpath: string;
};

const QUALIFIER_KEY = /^[a-z.\-_][a-z0-9.\-_]*$/;

/** A purl's parts; InvalidInputError names the purl and what is wrong with it. */
export function parsePurl(text: string): Purl {
  const fail = (why: string): never => {
    throw new InvalidInputError(`purl ${JSON.stringify(text)}: ${why}`);
  };
  if (!text.startsWith('pkg:')) fail('want the scheme pkg:');
  let rest = text.slice(4);
  let subpath = '';
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    subpath = decode(rest.slice(hash + 1), fail).replace(/^\/+|\/+$/g, '');
    rest = rest.slice(0, hash);
  }
  let query = '';
  const question = rest.indexOf('?');
  if (question !== -1) {
    query = rest.slice(question + 1);
    rest = rest.slice(0, question);
  }
  rest = rest.replace(/^\/+/, '');
  const slash = rest.indexOf('/');
  if (slash <= 0) fail('missing type or name');
  const type = rest.slice(0, slash).toLowerCase();
  let path = rest.slice(slash + 1);
  let namespace = '';
  const lastSlash = path.lastIndexOf('/');
  if (lastSlash !== -1) {
    namespace = decode(path.slice(0, lastSlash), fail);
    path = path.slice(lastSlash + 1);
  }
  let version = '';
  const at = path.lastIndexOf('@');
  if (at !== -1) {
    version = decode(path.slice(at + 1), fail);
    path = path.slice(0, at);
  }
  const name = decode(path, fail);
  if (name === '') fail('missing name');
  return { type, namespace, name, version, qualifiers: parseQualifiers(query, fail), subpath };
}

function parseQualifiers(query: string, fail: (why: string) => never): Map<string, string> {
  const qualifiers = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    if (pair.includes(';')) fail('a semicolon in the qualifiers');
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq), fail, true).toLowerCase();
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1), fail, true);
    if (!QUALIFIER_KEY.test(key)) fail(`qualifier key ${JSON.stringify(key)} is not valid`);
    if (qualifiers.has(key)) fail(`qualifier ${key} is given twice`);
    // An empty value is as good as no qualifier (purl-spec).
    if (value !== '') qualifiers.set(key, value);
  }
  return qualifiers;
}

// Percent-decoding; query parts also take '+' for a space, as Go's url.QueryUnescape does.
function decode(part: string, fail: (why: string) => never, query = false): string {
  if (!part.includes('%') && !(query && part.includes('+'))) return part;
  try {
    return decodeURIComponent(query ? part.replaceAll('+', ' ') : part);
  } catch {
    return fail(`bad percent-encoding in ${JSON.stringify(part)}`);
  }
}
