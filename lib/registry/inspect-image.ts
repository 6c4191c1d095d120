// An image reference made into Clair's Manifest, as clairctl's manifest command does: the image
// manifest (through an index for the platform asked for), then each layer's blob URL and the
// headers that fetch it.
import { createHash } from 'node:crypto';
import { InvalidInputError, NotFoundError, UpstreamError } from '../errors.ts';
import { type Digest, parseDigest } from '../indexer/digest.ts';
import type { Manifest, ManifestLayer } from '../indexer/manifest.ts';
import { mapLimit } from '../map-limit.ts';
import type { RegistryClient } from './client.ts';
import { formatPlatform, type Platform, platformMatches } from './platform.ts';
import type { ImageReference } from './reference.ts';

const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];
const IMAGE_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const ACCEPT = [...INDEX_TYPES, ...IMAGE_TYPES].join(', ');

type IndexEntry = { digest?: unknown; platform?: Partial<Platform> };
type ManifestDocument = { mediaType?: unknown; manifests?: IndexEntry[]; layers?: { digest?: unknown }[] };

/** The Clair Manifest of the image reference names, for platform when it is an index. */
export async function inspectImage(
  reference: ImageReference,
  client: RegistryClient,
  platform: Platform,
): Promise<Manifest> {
  let { digest, document } = await fetchManifest(reference, client, reference.reference);
  if (isIndex(document)) {
    const entries = document.manifests ?? [];
    const chosen = entries.find((e) => isPlatform(e.platform) && platformMatches(e.platform, platform));
    if (chosen === undefined) {
      const offered = entries.flatMap((e) =>
        isPlatform(e.platform) && e.platform.os !== 'unknown' ? [formatPlatform(e.platform)] : [],
      );
      throw new NotFoundError(
        `${reference.text} has no image for ${formatPlatform(platform)}: it has ${offered.join(', ') || 'none'} (choose one with --platform)`,
      );
    }
    const wanted = parseDigest(chosen.digest, `${reference.text} index entry digest`);
    ({ digest, document } = await fetchManifest(reference, client, wanted));
    if (isIndex(document)) throw new UpstreamError(`${reference.text}: an index entry is itself an index`);
  }
  const layers = document.layers;
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new UpstreamError(`${reference.text}: the image manifest lists no layers`);
  }
  const digests = layers.map((layer, i) =>
    parseDigest(layer.digest, `${reference.text} layers[${i}].digest`),
  );
  return {
    hash: digest,
    layers: await mapLimit(digests, 4, (layer) => locateLayer(reference, client, layer)),
  };
}

async function fetchManifest(
  reference: ImageReference,
  client: RegistryClient,
  ref: string,
): Promise<{ digest: Digest; document: ManifestDocument }> {
  const response = await client.get(`/v2/${reference.repository}/manifests/${ref}`, { accept: ACCEPT });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status === 404) {
    throw new NotFoundError(
      `${reference.text} not found in ${reference.registry}: ${registryError(bytes) ?? 'manifest unknown'}`,
    );
  }
  if (!response.ok) {
    throw new UpstreamError(
      `registry ${reference.registry} answered ${response.status} for ${reference.text}: ${registryError(bytes) ?? ''}`.trim(),
    );
  }
  const digest: Digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (ref.startsWith('sha256:') && ref !== digest) {
    throw new UpstreamError(
      `registry ${reference.registry} sent a manifest whose digest is ${digest}, not ${ref}`,
    );
  }
  let document: ManifestDocument;
  try {
    document = JSON.parse(bytes.toString('utf8')) as ManifestDocument;
  } catch {
    throw new UpstreamError(
      `registry ${reference.registry} sent a manifest for ${reference.text} that is not JSON`,
    );
  }
  const type =
    (response.headers.get('content-type') ?? '').split(';')[0]?.trim() || String(document.mediaType ?? '');
  if (![...INDEX_TYPES, ...IMAGE_TYPES].includes(type) && !(document.manifests || document.layers)) {
    throw new InvalidInputError(
      `${reference.text} is a ${type || 'manifest of unknown type'}: want an OCI or Docker v2 image`,
    );
  }
  return { digest, document };
}

const isIndex = (document: ManifestDocument) =>
  INDEX_TYPES.includes(String(document.mediaType)) || Array.isArray(document.manifests);

const isPlatform = (value: Partial<Platform> | undefined): value is Platform =>
  typeof value?.os === 'string' && typeof value.architecture === 'string';

// A one-byte GET that follows redirects, as clairctl's: the blob must exist, and the URL that
// serves it (a storage URL, often) is what the indexer fetches. The registry's Authorization goes
// along only while the URL stays on the registry.
async function locateLayer(
  reference: ImageReference,
  client: RegistryClient,
  digest: Digest,
): Promise<ManifestLayer> {
  const path = `/v2/${reference.repository}/blobs/${digest}`;
  const response = await client.get(path, { range: 'bytes=0-0' });
  await response.body?.cancel();
  if (response.status === 404)
    throw new NotFoundError(`${reference.text}: layer ${digest} is missing from ${reference.registry}`);
  if (!response.ok)
    throw new UpstreamError(`registry ${reference.registry} answered ${response.status} for layer ${digest}`);
  const uri = response.url || `${client.base}${path}`;
  const authorization = client.authorization();
  const sameOrigin = new URL(uri).origin === new URL(client.base).origin;
  return {
    hash: digest,
    uri,
    headers: sameOrigin && authorization !== undefined ? { Authorization: [authorization] } : {},
  };
}

function registryError(bytes: Buffer): string | undefined {
  try {
    const { errors } = JSON.parse(bytes.toString('utf8')) as {
      errors?: { code?: string; message?: string }[];
    };
    const first = errors?.[0];
    return first === undefined ? undefined : [first.code, first.message].filter(Boolean).join(': ');
  } catch {
    return undefined;
  }
}
