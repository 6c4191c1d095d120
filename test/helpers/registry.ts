// A real registry (Debian's docker-registry, the CNCF distribution server) on loopback, and
// images pushed to it through the distribution API as `docker push` would.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { freePort } from './free-port.ts';
import { type Blob, digestOf } from './layers.ts';
import { startTokenService, TOKEN_ISSUER, TOKEN_SERVICE, type TokenService } from './token-service.ts';

/** Why the registry tests cannot run here, or undefined when they can. */
export function registryMissing(): string | undefined {
  const found = spawnSync('docker-registry', ['--version'], { encoding: 'utf8' });
  return found.error === undefined
    ? undefined
    : 'docker-registry is not installed (apt-get install docker-registry)';
}

export type TestRegistry = {
  /** host:port, as an image reference names it. */
  readonly host: string;
  readonly url: string;
  /** The basic Authorization header of an htpasswd registry. */
  readonly authorization?: string;
  /** The Authorization header a push to repository carries, if the registry wants one. */
  authorize(repository: string): Promise<string | undefined>;
  /** The token service of a registry with token auth. */
  readonly tokens?: TokenService;
  stop(): Promise<void>;
};

// alice / s3cret, bcrypt cost 4: made once with Python's crypt.crypt (METHOD_BLOWFISH, rounds=16).
export const HTPASSWD_USER = { username: 'alice', password: 's3cret' };
const HTPASSWD = 'alice:$2b$04$7JAkAgBM7WHVHVg5a.seYeTVFiiBz.A1fhgquAftdpPJHtz4D.xhi\n';

export type RegistryAuth = 'none' | 'htpasswd' | 'token';

/**
 * Starts docker-registry on a free loopback port: open, with basic auth (htpasswd), or with
 * bearer tokens from a token service that wants alice's credentials (token).
 */
export async function startRegistry(auth: RegistryAuth = 'none'): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'clairless-registry-'));
  const port = await freePort();
  const tokens = auth === 'token' ? await startTokenService(dir, HTPASSWD_USER) : undefined;
  const authYaml =
    auth === 'htpasswd'
      ? `auth:\n  htpasswd:\n    realm: clairless-test\n    path: ${join(dir, 'htpasswd')}\n`
      : tokens !== undefined
        ? `auth:\n  token:\n    realm: ${tokens.realm}\n    service: ${TOKEN_SERVICE}\n    issuer: ${TOKEN_ISSUER}\n    rootcertbundle: ${tokens.certificate}\n`
        : '';
  await writeFile(join(dir, 'htpasswd'), HTPASSWD);
  await writeFile(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${authYaml}`,
  );
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/v2/`);
      if (response.status === 200 || response.status === 401) break;
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`docker-registry did not start: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { username, password } = HTPASSWD_USER;
  const authorization =
    auth === 'htpasswd' ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined;
  return {
    host: `127.0.0.1:${port}`,
    url,
    ...(authorization === undefined ? {} : { authorization }),
    // A token registry wants a token naming the repository and the push.
    authorize: async (repository) =>
      tokens === undefined ? authorization : `Bearer ${await tokens.mint(repository, ['pull', 'push'])}`,
    ...(tokens === undefined ? {} : { tokens }),
    stop: async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
      await tokens?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function check(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

/** Uploads one blob, monolithically (POST for a location, then PUT with the digest). */
export async function pushBlob(registry: TestRegistry, repository: string, blob: Blob): Promise<void> {
  const authorization = await registry.authorize(repository);
  const headers: Record<string, string> = authorization ? { authorization } : {};
  const start = await check(
    await fetch(`${registry.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers }),
    `start upload to ${repository}`,
  );
  const location = new URL(start.headers.get('location') ?? '', registry.url);
  location.searchParams.set('digest', blob.digest);
  await check(
    await fetch(location, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(blob.bytes),
    }),
    `upload ${blob.digest}`,
  );
}

/** Puts a manifest document under a tag (or its digest); answers its digest. */
export async function pushManifest(
  registry: TestRegistry,
  repository: string,
  tag: string,
  mediaType: string,
  document: unknown,
): Promise<string> {
  const bytes = Buffer.from(JSON.stringify(document));
  const authorization = await registry.authorize(repository);
  await check(
    await fetch(`${registry.url}/v2/${repository}/manifests/${tag}`, {
      method: 'PUT',
      headers: {
        'content-type': mediaType,
        ...(authorization ? { authorization } : {}),
      },
      body: bytes,
    }),
    `put manifest ${repository}:${tag}`,
  );
  return digestOf(bytes);
}

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

export type PushedImage = {
  readonly digest: string;
  readonly size: number;
  readonly layers: readonly Blob[];
};

// The media types of each image format: manifest, config, gzipped layer.
const FORMATS = {
  docker: [
    DOCKER_MANIFEST,
    'application/vnd.docker.container.image.v1+json',
    'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ],
  oci: [
    OCI_MANIFEST,
    'application/vnd.oci.image.config.v1+json',
    'application/vnd.oci.image.layer.v1.tar+gzip',
  ],
} as const;

/** Pushes the layers, an image config naming their diff ids, and a Docker v2 or OCI manifest under tag. */
export async function pushImage(
  registry: TestRegistry,
  repository: string,
  tag: string,
  layers: readonly Blob[],
  platform = { os: 'linux', architecture: 'amd64' },
  format: keyof typeof FORMATS = 'docker',
): Promise<PushedImage> {
  const [manifestType, configType, layerType] = FORMATS[format];
  for (const layer of layers) await pushBlob(registry, repository, layer);
  const config = Buffer.from(
    JSON.stringify({
      ...platform,
      rootfs: {
        type: 'layers',
        diff_ids: layers.map(
          (l) => `sha256:${createHash('sha256').update(gunzipSync(l.bytes)).digest('hex')}`,
        ),
      },
    }),
  );
  const configBlob = { digest: digestOf(config), bytes: config };
  await pushBlob(registry, repository, configBlob);
  const manifest = {
    schemaVersion: 2,
    mediaType: manifestType,
    config: { mediaType: configType, size: config.length, digest: configBlob.digest },
    layers: layers.map((l) => ({ mediaType: layerType, size: l.bytes.length, digest: l.digest })),
  };
  const digest = await pushManifest(registry, repository, tag, manifestType, manifest);
  return { digest, size: Buffer.byteLength(JSON.stringify(manifest)), layers };
}
