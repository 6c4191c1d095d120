import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvalidInputError, NotFoundError, UpstreamError } from '../../../lib/errors.ts';
import { registryClient } from '../../../lib/registry/client.ts';
import { inspectImage } from '../../../lib/registry/inspect-image.ts';
import { DEFAULT_PLATFORM, parsePlatform } from '../../../lib/registry/platform.ts';
import { parseImageReference } from '../../../lib/registry/reference.ts';
import { freePort } from '../../helpers/free-port.ts';
import { ALPINE_3_10_OS_RELEASE, type Blob, layerFromTree } from '../../helpers/layers.ts';
import {
  DOCKER_LIST,
  HTPASSWD_USER,
  OCI_INDEX,
  type PushedImage,
  pushImage,
  pushManifest,
  registryMissing,
  startRegistry,
  type TestRegistry,
} from '../../helpers/registry.ts';
import { opensslMissing } from '../../helpers/token-service.ts';

const missing = registryMissing();

describe('an image in a real registry made into a Clair manifest', { skip: missing }, () => {
  let open: TestRegistry;
  let locked: TestRegistry;
  let layers: Blob[];
  let amd64: PushedImage;
  let arm64: PushedImage;

  before(async () => {
    [open, locked] = await Promise.all([startRegistry(), startRegistry('htpasswd')]);
    layers = [
      await layerFromTree({ 'etc/os-release': ALPINE_3_10_OS_RELEASE }),
      await layerFromTree({ 'usr/share/app/README': 'the second layer\n' }),
    ];
    amd64 = await pushImage(open, 'team/app', '1.4', layers);
    arm64 = await pushImage(open, 'team/app', 'arm', layers.slice(0, 1), {
      os: 'linux',
      architecture: 'arm64',
    });
    await pushManifest(open, 'team/app', 'multi', OCI_INDEX, {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        {
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          digest: amd64.digest,
          size: amd64.size,
          platform: { os: 'linux', architecture: 'amd64' },
        },
        {
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          digest: arm64.digest,
          size: arm64.size,
          platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
        },
      ],
    });
    await pushImage(locked, 'private/app', 'latest', layers);
  });
  after(() => Promise.all([open?.stop(), locked?.stop()]));

  const inspect = (
    text: string,
    options: Parameters<typeof registryClient>[1] = {},
    platform = DEFAULT_PLATFORM,
  ) => {
    const reference = parseImageReference(text);
    return inspectImage(reference, registryClient(reference, options), platform);
  };

  it('names the image manifest digest and each layer blob, base first, over plain HTTP on loopback', async () => {
    const manifest = await inspect(`${open.host}/team/app:1.4`);
    assert.deepEqual(manifest, {
      hash: amd64.digest,
      layers: layers.map((l) => ({
        hash: l.digest,
        uri: `${open.url}/v2/team/app/blobs/${l.digest}`,
        headers: {},
      })),
    });
    assert.deepEqual(await inspect(`${open.host}/team/app@${amd64.digest}`), manifest);
  });

  it('reads OCI image manifests and Docker manifest lists too, and a registry named localhost', async () => {
    const oci = await pushImage(open, 'team/oci', '1', layers, DEFAULT_PLATFORM, 'oci');
    assert.equal((await inspect(`${open.host}/team/oci:1`)).hash, oci.digest);
    await pushManifest(open, 'team/app', 'list', DOCKER_LIST, {
      schemaVersion: 2,
      mediaType: DOCKER_LIST,
      manifests: [amd64, arm64].map((image, i) => ({
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        digest: image.digest,
        size: image.size,
        platform: { os: 'linux', architecture: ['amd64', 'arm64'][i] },
      })),
    });
    assert.equal(
      (await inspect(`${open.host}/team/app:list`, {}, parsePlatform('linux/arm64/v8'))).hash,
      arm64.digest,
    );
    const local = await inspect(`${open.host.replace('127.0.0.1', 'localhost')}/team/app:1.4`);
    assert.equal(local.hash, amd64.digest);
    assert.match(local.layers[0]?.uri ?? '', /^http:\/\/localhost:\d+\/v2\/team\/app\/blobs\/sha256:/);
  });

  it('picks the platform asked for from an index, and says which there are when it is missing', async () => {
    assert.equal((await inspect(`${open.host}/team/app:multi`)).hash, amd64.digest);
    assert.equal(
      (await inspect(`${open.host}/team/app:multi`, {}, parsePlatform('linux/arm64'))).hash,
      arm64.digest,
    );
    await assert.rejects(
      inspect(`${open.host}/team/app:multi`, {}, parsePlatform('linux/s390x')),
      (err: unknown) =>
        err instanceof NotFoundError &&
        err.message ===
          `${open.host}/team/app:multi has no image for linux/s390x: it has linux/amd64, linux/arm64/v8 (choose one with --platform)`,
    );
  });

  it('signs in with credentials, and gives the indexer the header that fetches each layer', async () => {
    const manifest = await inspect(`${locked.host}/private/app`, { credentials: HTPASSWD_USER });
    assert.equal(manifest.layers.length, 2);
    for (const layer of manifest.layers) {
      assert.deepEqual(layer.headers, { Authorization: [locked.authorization] });
      const blob = await fetch(layer.uri, {
        headers: { authorization: String(layer.headers.Authorization?.[0]) },
      });
      assert.equal(blob.status, 200);
      await blob.body?.cancel();
    }
  });

  it('fails clearly without credentials, with wrong ones, for an unknown image and an unreachable registry', async () => {
    const fails = async (promise: Promise<unknown>, type: new (message: string) => Error, message: RegExp) =>
      assert.rejects(promise, (err: unknown) => err instanceof type && message.test(err.message));
    await fails(
      inspect(`${locked.host}/private/app`),
      InvalidInputError,
      /^registry 127\.0\.0\.1:\d+ wants credentials for private\/app: run docker login 127\.0\.0\.1:\d+, or give --username and --password-stdin$/,
    );
    await fails(
      inspect(`${locked.host}/private/app`, { credentials: { username: 'alice', password: 'wrong' } }),
      InvalidInputError,
      /refused the credentials for private\/app \(401\)/,
    );
    await fails(
      inspect(`${open.host}/team/nothing:1`),
      NotFoundError,
      /team\/nothing:1 not found in 127\.0\.0\.1:\d+: MANIFEST_UNKNOWN/,
    );
    await fails(
      inspect(`${open.host}/team/app:2.0`),
      NotFoundError,
      /team\/app:2\.0 not found in .*MANIFEST_UNKNOWN/,
    );
    const closed = await freePort();
    await fails(
      inspect(`127.0.0.1:${closed}/team/app:1.4`),
      UpstreamError,
      /^cannot reach registry 127\.0\.0\.1:\d+: connect ECONNREFUSED/,
    );
  });
});

describe('an image behind a registry token service', { skip: missing ?? opensslMissing() }, () => {
  let registry: TestRegistry;
  let layers: Blob[];
  before(async () => {
    registry = await startRegistry('token');
    layers = [await layerFromTree({ 'etc/os-release': ALPINE_3_10_OS_RELEASE })];
    await pushImage(registry, 'team/app', '1.4', layers);
  });
  after(() => registry?.stop());

  const inspect = (options: Parameters<typeof registryClient>[1]) => {
    const reference = parseImageReference(`${registry.host}/team/app:1.4`);
    return inspectImage(reference, registryClient(reference, options), DEFAULT_PLATFORM);
  };

  it("follows the registry's challenge to its token service, asking for pull on the repository", async () => {
    const seen = registry.tokens?.requests.length ?? 0;
    const manifest = await inspect({ credentials: HTPASSWD_USER });
    const [request] = registry.tokens?.requests.slice(seen) ?? [];
    const query = new URLSearchParams(request?.query);
    assert.equal(query.get('service'), 'clairless-test-registry');
    assert.equal(query.get('scope'), 'repository:team/app:pull');
    assert.equal(request?.authorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    // The indexer gets the bearer token, which the registry accepts for the blob.
    const [layer] = manifest.layers;
    const header = String(layer?.headers.Authorization?.[0]);
    assert.match(header, /^Bearer eyJ/);
    const blob = await fetch(String(layer?.uri), { headers: { authorization: header } });
    assert.equal(blob.status, 200);
    assert.deepEqual(Buffer.from(await blob.arrayBuffer()), layers[0]?.bytes);
  });

  it('fails clearly when the token service refuses the credentials or wants some', async () => {
    await assert.rejects(
      inspect({ credentials: { username: 'alice', password: 'wrong' } }),
      (err: unknown) =>
        err instanceof InvalidInputError && /refused the credentials for team\/app \(401\)/.test(err.message),
    );
    await assert.rejects(
      inspect({}),
      (err: unknown) =>
        err instanceof InvalidInputError && /wants credentials for team\/app/.test(err.message),
    );
    // Signed in, but the token grants nothing on the repository.
    const denied = parseImageReference(`${registry.host}/denied/app:1`);
    await assert.rejects(
      inspectImage(denied, registryClient(denied, { credentials: HTPASSWD_USER }), DEFAULT_PLATFORM),
      (err: unknown) =>
        err instanceof InvalidInputError &&
        /gave alice no pull access to denied\/app: it does not exist, or that user may not read it$/.test(
          err.message,
        ),
    );
  });
});
