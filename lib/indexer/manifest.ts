import { InvalidInputError } from '../errors.ts';
import { isJsonObject } from '../json-value.ts';
import { type Digest, parseDigest } from './digest.ts';

/** A layer of a manifest: where to GET its blob, with which headers (a registry token, say). */
export type ManifestLayer = {
  readonly hash: Digest;
  readonly uri: string;
  readonly headers: Readonly<Record<string, readonly string[]>>;
};

/** Clair's Manifest: the image to index, layers base first. */
export type Manifest = {
  readonly hash: Digest;
  readonly layers: readonly ManifestLayer[];
};

// A bound on what one request may ask for; real images have tens of layers.
const MAX_LAYERS = 1000;

/** Narrows a request body to a Manifest, or InvalidInputError naming the field that is wrong. */
export function parseManifest(body: unknown): Manifest {
  if (!isJsonObject(body))
    throw new InvalidInputError('manifest must be a JSON object with "hash" and "layers"');
  const hash = parseDigest(body.hash, 'manifest hash');
  const layers = body.layers;
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new InvalidInputError('manifest "layers" must be a non-empty array of layers');
  }
  if (layers.length > MAX_LAYERS)
    throw new InvalidInputError(`manifest has ${layers.length} layers: at most ${MAX_LAYERS}`);
  return { hash, layers: layers.map((layer, i) => parseLayer(layer, `layers[${i}]`)) };
}

function parseLayer(value: unknown, field: string): ManifestLayer {
  if (!isJsonObject(value)) throw new InvalidInputError(`${field} must be an object with "hash" and "uri"`);
  const hash = parseDigest(value.hash, `${field}.hash`);
  const uri = value.uri;
  if (typeof uri !== 'string' || !URL.canParse(uri) || !/^https?:$/.test(new URL(uri).protocol)) {
    throw new InvalidInputError(`${field}.uri ${JSON.stringify(uri)} is not an absolute http(s) URL`);
  }
  return { hash, uri, headers: parseHeaders(value.headers, `${field}.headers`) };
}

function parseHeaders(value: unknown, field: string): Record<string, readonly string[]> {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value))
    throw new InvalidInputError(`${field} must be an object of header names to arrays of strings`);
  for (const [name, values] of Object.entries(value)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new InvalidInputError(`${field} has ${JSON.stringify(name)}, which is not a header name`);
    }
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string' && !/[\r\n\0]/.test(v))) {
      throw new InvalidInputError(`${field}.${name} must be an array of strings without line breaks`);
    }
  }
  return value as Record<string, readonly string[]>;
}
