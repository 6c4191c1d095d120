import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { suseRelease } from '../../../../lib/ecosystems/suse/distribution-scanner.ts';
import { suseUpdaterConfig, suseUpdaterSet } from '../../../../lib/ecosystems/suse/updater.ts';
import { ConfigError, InvalidInputError } from '../../../../lib/errors.ts';
import type { UpdaterContext, UpdaterSpec, Vulnerability } from '../../../../lib/updater/types.ts';
import { captureLog } from '../../../helpers/log.ts';

// A hand-written excerpt in SUSE's OVAL format, uncompressed (testdata/README.md).
const FIXTURE = join(import.meta.dirname, 'testdata', 'oval', 'suse.linux.enterprise.server.15.xml');
const NAME = 'suse-updater-suse.linux.enterprise.server.15';

const context = (): UpdaterContext => ({
  signal: new AbortController().signal,
  log: captureLog().log,
  tmpDir: tmpdir(),
});
const spec = (params: Record<string, string>): UpdaterSpec => ({ set: 'suse', name: NAME, params });

describe('suse updater set', () => {
  it('is the set suse', () => assert.equal(suseUpdaterSet.name, 'suse'));

  it('defaults to SUSE’s OVAL folder and adds the slash a base URL lacks', () => {
    assert.deepEqual(suseUpdaterConfig({}), { url: 'https://ftp.suse.com/pub/projects/security/oval/' });
    assert.deepEqual(suseUpdaterConfig({ url: 'http://127.0.0.1:9/oval' }), {
      url: 'http://127.0.0.1:9/oval/',
    });
  });

  const bad: [name: string, raw: Record<string, unknown>, message: string][] = [
    ['an unknown key', { releases: ['15'] }, 'updaters.config.suse.releases: unknown key (known: url)'],
    [
      'a url that is no URL',
      { url: 'oval' },
      'updaters.config.suse.url: "oval" is not an absolute http(s) URL',
    ],
  ];
  for (const [name, raw, message] of bad) {
    it(`fails with ConfigError on ${name}`, () => {
      assert.throws(() => suseUpdaterConfig(raw), { name: ConfigError.name, message });
    });
  }

  it('fails to build an updater whose spec names no SUSE release', () => {
    assert.throws(
      () => suseUpdaterSet.build(spec({ url: 'http://127.0.0.1:9/a.xml.gz', did: 'rhel', version: '9' }), {}),
      {
        name: InvalidInputError.name,
        message: `updater ${NAME}: did "rhel" is not sles or opensuse-leap with a version`,
      },
    );
  });
});

describe('suse updater parse', () => {
  it('reads SUSE OVAL: one vulnerability per package, about the updater’s release, with no issued date', async () => {
    const updater = suseUpdaterSet.build(
      spec({ url: 'http://127.0.0.1:9/suse.linux.enterprise.server.15.xml.gz', did: 'sles', version: '15' }),
      {},
    );
    const got: Vulnerability[] = [];
    for await (const v of updater.parse(FIXTURE, context())) got.push(v);

    // By hand from the XML; "sles-release is ==15" has no EVR, so names no package.
    const dist = suseRelease('sles', '15');
    const vuln = (
      name: string,
      severity: [string, string],
      links: string[],
      pkg: string,
      fixed: string,
      description: string,
    ) => ({
      name,
      description: `\n  ${description}\n  `,
      issued: undefined,
      links: links.join(' '),
      severity: severity[0],
      normalizedSeverity: severity[1],
      dist,
      package: { name: pkg, version: '', module: '', arch: '', kind: 'binary' },
      repo: undefined,
      fixedInVersion: fixed,
      archOperation: '',
      range: undefined,
    });
    const mozjs = (pkg: string) =>
      vuln(
        'CVE-2014-1523',
        ['Moderate', 'Medium'],
        [
          'https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2014-1523',
          'https://www.suse.com/security/cve/CVE-2014-1523',
          'https://www.suse.com/security/cve/CVE-2014-1523/',
          'https://nvd.nist.gov/vuln/detail/CVE-2014-1523',
        ],
        pkg,
        '0:60.9.0-150000.5.6.1',
        'Heap-based buffer overflow in the read_u32 function in Mozilla Firefox before 29.0 allows remote attackers to cause a denial of service via a crafted JPEG image.',
      );
    const curl = (pkg: string) =>
      vuln(
        'CVE-2023-38545',
        ['Important', 'High'],
        [
          'https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2023-38545',
          'https://www.suse.com/security/cve/CVE-2023-38545',
          'https://www.suse.com/security/cve/CVE-2023-38545/',
        ],
        pkg,
        '0:8.0.1-150400.5.32.1',
        'This flaw makes curl overflow a heap based buffer in the SOCKS5 proxy handshake.',
      );
    assert.deepEqual(got, [
      mozjs('libmozjs-60'),
      mozjs('mozjs60'),
      curl('curl'),
      curl('libcurl4'),
      vuln(
        'CVE-2022-5678',
        ['Low', 'Low'],
        [
          'https://www.suse.com/security/cve/CVE-2022-5678',
          'https://www.suse.com/security/cve/CVE-2022-5678/',
        ],
        'libz1',
        '0:1.2.11-150000.3.33.1',
        'A low impact flaw in the zlib inflate window handling.',
      ),
    ]);
  });
});
