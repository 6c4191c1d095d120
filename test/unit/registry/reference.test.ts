import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAuthChallenge } from '../../../lib/registry/auth-challenge.ts';
import { parsePlatform, platformMatches } from '../../../lib/registry/platform.ts';
import { parseImageReference, registryScheme } from '../../../lib/registry/reference.ts';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('image references', () => {
  it('reads them as docker does', () => {
    const cases: [string, string, string, string, string][] = [
      // text, registry, host, repository, reference
      ['debian', 'docker.io', 'registry-1.docker.io', 'library/debian', 'latest'],
      ['debian:12', 'docker.io', 'registry-1.docker.io', 'library/debian', '12'],
      ['bitnami/redis:7.2', 'docker.io', 'registry-1.docker.io', 'bitnami/redis', '7.2'],
      ['quay.io/projectquay/clair:4.8.0', 'quay.io', 'quay.io', 'projectquay/clair', '4.8.0'],
      ['localhost:5000/debian:test', 'localhost:5000', 'localhost:5000', 'debian', 'test'],
      ['localhost/app', 'localhost', 'localhost', 'app', 'latest'],
      [
        'registry.example.com:8443/team/sub/app_x.y-z',
        'registry.example.com:8443',
        'registry.example.com:8443',
        'team/sub/app_x.y-z',
        'latest',
      ],
      [`ghcr.io/org/app:1@${DIGEST}`, 'ghcr.io', 'ghcr.io', 'org/app', DIGEST],
      [`[::1]:5000/app@${DIGEST}`, '[::1]:5000', '[::1]:5000', 'app', DIGEST],
    ];
    for (const [text, registry, host, repository, reference] of cases) {
      const parsed = parseImageReference(text);
      assert.deepEqual(
        [parsed.registry, parsed.host, parsed.repository, parsed.reference],
        [registry, host, repository, reference],
        text,
      );
    }
    assert.equal(parseImageReference(`app@${DIGEST}`).digest, DIGEST);
  });

  it('fails naming the part that is wrong', () => {
    for (const [text, want] of [
      ['', /is empty/],
      ['Debian', /bad repository name "library\/Debian"/],
      ['debian:', /bad tag ""/],
      ['debian:-x', /bad tag "-x"/],
      ['debian@sha256:abc', /bad digest: digest "sha256:abc" has 3 hex digits/],
      ['team//app', /bad repository name/],
      ['my_registry.com:5000/app', /bad registry "my_registry.com:5000"/],
    ] as const) {
      assert.throws(() => parseImageReference(text), want, text);
    }
  });

  it('speaks plain HTTP only to this machine, unless told the registry is insecure', () => {
    assert.equal(registryScheme(parseImageReference('localhost:5000/a'), false), 'http');
    assert.equal(registryScheme(parseImageReference('127.0.0.1:5000/a'), false), 'http');
    assert.equal(registryScheme(parseImageReference('[::1]:5000/a'), false), 'http');
    assert.equal(registryScheme(parseImageReference('registry.lan:5000/a'), false), 'https');
    assert.equal(registryScheme(parseImageReference('registry.lan:5000/a'), true), 'http');
  });
});

describe('registry auth challenges and platforms', () => {
  it('reads bearer and basic challenges, quoted or bare', () => {
    assert.deepEqual(
      parseAuthChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/debian:pull"',
      ),
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/debian:pull',
        },
      },
    );
    assert.deepEqual(parseAuthChallenge('Basic realm=registry'), {
      scheme: 'basic',
      params: { realm: 'registry' },
    });
    assert.deepEqual(parseAuthChallenge('bearer realm="a\\"b" , service=x'), {
      scheme: 'bearer',
      params: { realm: 'a"b', service: 'x' },
    });
    assert.equal(parseAuthChallenge(null), undefined);
  });

  it('reads os/architecture[/variant] and matches arm64 with or without v8', () => {
    assert.deepEqual(parsePlatform('linux/arm/v7'), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.throws(() => parsePlatform('amd64'), /platform "amd64" is not os\/architecture\[\/variant\]/);
    assert.ok(platformMatches({ os: 'linux', architecture: 'arm64' }, parsePlatform('linux/arm64/v8')));
    assert.ok(
      platformMatches({ os: 'linux', architecture: 'arm64', variant: 'v8' }, parsePlatform('linux/arm64')),
    );
    assert.ok(
      !platformMatches({ os: 'linux', architecture: 'arm', variant: 'v6' }, parsePlatform('linux/arm/v7')),
    );
    assert.ok(!platformMatches({ os: 'windows', architecture: 'amd64' }, parsePlatform('linux/amd64')));
  });
});
