import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePurl } from '../../../../../lib/ecosystems/rhel/vex/purl.ts';
import {
  archPattern,
  fixedInVersion,
  isSourceArch,
  isUsablePurl,
  moduleName,
  PurlFieldError,
  packageName,
} from '../../../../../lib/ecosystems/rhel/vex/purl-fields.ts';
import { InvalidInputError } from '../../../../../lib/errors.ts';

describe('rhel-vex purls', () => {
  it('reads type, namespace, name, version and decoded qualifiers', () => {
    const purl = parsePurl(
      'pkg:oci/keepalived-rhel9@sha256%3A36ab?arch=ppc64le&repository_url=registry.redhat.io/rhceph/keepalived-rhel9&Tag=2.2.4-3',
    );
    assert.deepEqual(purl, {
      type: 'oci',
      namespace: '',
      name: 'keepalived-rhel9',
      version: 'sha256:36ab',
      qualifiers: new Map([
        ['arch', 'ppc64le'],
        ['repository_url', 'registry.redhat.io/rhceph/keepalived-rhel9'],
        ['tag', '2.2.4-3'],
      ]),
      subpath: '',
    });
  });

  for (const [text, why] of [
    ['rpm/redhat/bash@5.1', /want the scheme pkg:/],
    ['pkg:rpm', /missing type or name/],
    ['pkg:rpm/redhat/', /missing name/],
    ['pkg:rpm/redhat/bash@%zz', /bad percent-encoding/],
    ['pkg:rpm/redhat/bash?arch=x&arch=y', /qualifier arch is given twice/],
    ['pkg:rpm/redhat/bash?1arch=x', /qualifier key "1arch" is not valid/],
  ] as const) {
    it(`rejects ${text}`, () => {
      assert.throws(
        () => parsePurl(text),
        (err) =>
          err instanceof InvalidInputError &&
          err.message.includes(JSON.stringify(text)) &&
          why.test(err.message),
      );
    });
  }

  it('reads the fixed version as epoch:version for RPMs and the tag for images', () => {
    assert.equal(
      fixedInVersion(parsePurl('pkg:rpm/redhat/buildah@1.24.6-5?arch=ppc64le&epoch=1')),
      '1:1.24.6-5',
    );
    assert.equal(fixedInVersion(parsePurl('pkg:rpm/redhat/buildah@1.24.6-5?arch=ppc64le')), '0:1.24.6-5');
    assert.equal(fixedInVersion(parsePurl('pkg:rpm/redhat/go-toolset?rpmmod=go-toolset:rhel8')), '');
    assert.equal(fixedInVersion(parsePurl('pkg:oci/keepalived-rhel9@sha256:36ab?tag=2.2.4-3')), '2.2.4-3');
    assert.throws(() => fixedInVersion(parsePurl('pkg:oci/keepalived-rhel9@sha256:36ab')), PurlFieldError);
  });

  it('names images by namespace, else by repository_url path, else by name', () => {
    assert.equal(
      packageName(parsePurl('pkg:oci/openshift3/metrics-cassandra')),
      'openshift3/metrics-cassandra',
    );
    assert.equal(
      packageName(
        parsePurl('pkg:oci/keepalived-rhel9?repository_url=registry.redhat.io/rhceph/keepalived-rhel9'),
      ),
      'rhceph/keepalived-rhel9',
    );
    assert.equal(packageName(parsePurl('pkg:oci/keepalived-rhel9')), 'keepalived-rhel9');
    assert.throws(
      () => packageName(parsePurl('pkg:oci/k?repository_url=registry.redhat.io')),
      PurlFieldError,
    );
    assert.equal(packageName(parsePurl('pkg:rpm/redhat/bash@5.1')), 'bash');
  });

  it('cuts rpmmod to name:stream and refuses one without a stream', () => {
    assert.equal(
      moduleName(parsePurl('pkg:rpm/redhat/p@15.8?rpmmod=postgresql:15:9040020240812115436:rhel9')),
      'postgresql:15',
    );
    assert.equal(
      moduleName(parsePurl('pkg:rpm/redhat/golang-race?rpmmod=go-toolset:rhel8')),
      'go-toolset:rhel8',
    );
    assert.equal(moduleName(parsePurl('pkg:rpm/redhat/bash')), '');
    assert.throws(() => moduleName(parsePurl('pkg:rpm/redhat/f?rpmmod=rhel10')), PurlFieldError);
    assert.throws(() => moduleName(parsePurl('pkg:rpm/redhat/f?rpmmod=a::b')), PurlFieldError);
  });

  it('expands x86_64 and amd64 to both and tells source RPMs apart', () => {
    assert.equal(archPattern(parsePurl('pkg:rpm/redhat/b?arch=x86_64')), 'amd64|x86_64');
    assert.equal(archPattern(parsePurl('pkg:oci/b?arch=amd64')), 'amd64|x86_64');
    assert.equal(archPattern(parsePurl('pkg:rpm/redhat/b?arch=aarch64')), 'aarch64');
    assert.equal(archPattern(parsePurl('pkg:rpm/redhat/b')), '');
    assert.deepEqual(
      ['src', 'nosrc', 'noarch'].map((a) => isSourceArch(parsePurl(`pkg:rpm/redhat/b?arch=${a}`))),
      [true, true, false],
    );
  });

  const usable: [string, boolean, boolean][] = [
    ['pkg:rpm/redhat/glibc', false, true],
    ['pkg:rpm/fedora/glibc', false, false],
    ['pkg:maven/org.apache/log4j', false, false],
    ['pkg:oci/ubi9', false, true],
    ['pkg:rpm/redhat/kernel', false, true],
    ['pkg:rpm/redhat/kernel-rt-64k-modules-extra', false, true],
    ['pkg:rpm/redhat/kernel-headers', false, false],
    ['pkg:rpm/redhat/kernel-core', true, false],
    ['pkg:rpm/redhat/glibc', true, true],
  ];
  for (const [text, ignoreKernel, want] of usable) {
    it(`${want ? 'uses' : 'leaves out'} ${text}${ignoreKernel ? ' when kernel packages are ignored' : ''}`, () => {
      assert.equal(isUsablePurl(parsePurl(text), ignoreKernel), want);
    });
  }
});
