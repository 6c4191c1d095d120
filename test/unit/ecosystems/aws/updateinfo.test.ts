import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { amazonRelease } from '../../../../lib/ecosystems/aws/distribution-scanner.ts';
import { releaseDistribution } from '../../../../lib/ecosystems/aws/releases.ts';
import { parseUpdateinfo } from '../../../../lib/ecosystems/aws/updateinfo.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import type { Vulnerability } from '../../../../lib/updater/types.ts';

const UPDATEINFO = join(import.meta.dirname, 'testdata', 'updateinfo.xml');
const AL2 = releaseDistribution('AL2');

const collect = async (chunks: AsyncIterable<Uint8Array>, source = 'updateinfo.xml') => {
  const got: Vulnerability[] = [];
  for await (const v of parseUpdateinfo(chunks, AL2, source)) got.push(v);
  return got;
};

async function* bytes(text: string | Uint8Array) {
  yield typeof text === 'string' ? Buffer.from(text) : text;
}

const cve = (id: string) => `https://cve.mitre.org/cgi-bin/cvename.cgi?name=${id}`;
const intro = 'Package updates are available for Amazon Linux 2 that fix the following vulnerabilities:\n';

/** One update's fields, shared by each of its packages. */
const update = (
  name: string,
  issued: string,
  severity: string,
  normalizedSeverity: Vulnerability['normalizedSeverity'],
  links: string[],
  description: string,
) => ({
  name,
  description: intro + description,
  issued,
  links: links.map(cve).join(' '),
  severity,
  normalizedSeverity,
  dist: AL2,
  repo: undefined,
  archOperation: 'equals' as const,
  range: undefined,
});

const pkg = (name: string, arch: string, fixedInVersion: string) => ({
  package: { name, version: '', module: '', arch, kind: 'binary' as const },
  fixedInVersion,
});

const OPENSSL = update(
  'ALAS2-2023-1955',
  '2023-02-16T21:40:00Z',
  'important',
  'High',
  ['CVE-2023-0215', 'CVE-2023-0286'],
  'CVE-2023-0286:\n\tA type confusion vulnerability exists relating to X.400 address processing inside an X.509 GeneralName.\n',
);
const CURL = update(
  'ALAS2-2023-1970',
  '2023-03-01T18:05:31Z',
  'medium',
  'Medium',
  ['CVE-2023-23916'],
  'CVE-2023-23916:\n\tAn allocation of resources without limits or throttling vulnerability exists in curl <v7.88.0 based on the "chained" HTTP compression algorithms & decompression steps.\n',
);
const KERNEL = update(
  'ALAS2-2022-1903',
  '2022-12-05T03:14:00Z',
  'critical',
  'Critical',
  ['CVE-2022-42896'],
  "CVE-2022-42896:\n\tThere are use-after-free vulnerabilities in the Linux kernel's net/bluetooth/l2cap_core.c's l2cap_connect and l2cap_le_connect_req functions.\n",
);
const VIM = update(
  'ALAS2-2021-1722',
  '2021-10-14T20:52:00Z',
  'low',
  'Low',
  ['CVE-2021-3778'],
  'CVE-2021-3778:\n\tvim is vulnerable to Heap-based Buffer Overflow\n',
);

/** Written from testdata/updateinfo.xml by hand: one record per update and package. */
const WANT: Vulnerability[] = [
  { ...OPENSSL, ...pkg('openssl', 'x86_64', '1:1.0.2k-24.amzn2.0.6') },
  { ...OPENSSL, ...pkg('openssl-libs', 'x86_64', '1:1.0.2k-24.amzn2.0.6') },
  { ...OPENSSL, ...pkg('openssl-libs', 'aarch64', '1:1.0.2k-24.amzn2.0.6') },
  { ...CURL, ...pkg('curl', 'x86_64', '8.0.1-1.amzn2.0.3') },
  { ...CURL, ...pkg('libcurl', 'x86_64', '8.0.1-1.amzn2.0.3') },
  { ...KERNEL, ...pkg('kernel', 'x86_64', '4.14.301-136.657.amzn2') },
  { ...VIM, ...pkg('vim-filesystem', 'noarch', '2:8.2.3457-1.amzn2.0.1') },
  { ...VIM, ...pkg('vim-minimal', 'x86_64', '2:8.2.3457-1.amzn2.0.1') },
];

/** A one-update document around the given update body. */
const doc = (body: string) => `<?xml version="1.0" ?>\n<updates>\n<update>\n${body}\n</update>\n</updates>\n`;
const PACKAGE =
  '<pkglist><collection><package name="p" epoch="0" version="1" release="1" arch="x86_64"/></collection></pkglist>';

describe('ALAS updateinfo', () => {
  it('gives one vulnerability per update and package, about Amazon Linux 2', async () => {
    assert.deepEqual(await collect(createReadStream(UPDATEINFO)), WANT);
  });

  it('gives the same records however the bytes are cut', async () => {
    assert.deepEqual(await collect(createReadStream(UPDATEINFO, { highWaterMark: 3 })), WANT);
  });

  it('describes each release with the distribution the aws scanner reports for its images', () => {
    assert.deepEqual(releaseDistribution('AL1'), amazonRelease('2018.03'));
    assert.deepEqual(releaseDistribution('AL2'), amazonRelease('2'));
    assert.deepEqual(releaseDistribution('AL2023'), amazonRelease('2023'));
  });

  it('keeps a severity it does not know as given, normalised to Unknown', async () => {
    const [got] = await collect(bytes(doc(`<id>ALAS-1</id><severity>Important</severity>${PACKAGE}`)));
    assert.equal(got?.severity, 'Important');
    assert.equal(got?.normalizedSeverity, 'Unknown');
  });

  it('leaves the date unset and the links empty when the update has neither', async () => {
    const [got] = await collect(bytes(doc(`<id>ALAS-1</id><references/>${PACKAGE}`)));
    assert.equal(got?.issued, undefined);
    assert.equal(got?.links, '');
    assert.equal(got?.fixedInVersion, '1-1');
  });

  it('reads multi-byte text split between chunks', async () => {
    const text = Buffer.from(doc(`<id>ALAS-1</id><description>café — ok</description>${PACKAGE}`));
    async function* oneByteAtATime() {
      for (const b of text) yield Uint8Array.of(b);
    }
    const [got] = await collect(oneByteAtATime());
    assert.equal(got?.description, 'café — ok');
  });

  for (const [name, input, message] of [
    [
      'text that is not XML',
      'not xml at all',
      'malformed XML: line 1 column 14: text data outside of root node.',
    ],
    [
      'a document cut off',
      doc(`<id>ALAS-1</id>${PACKAGE}`).slice(0, 60),
      'malformed XML: line 4 column 18: unclosed tag: update',
    ],
    ['an empty file', '', 'malformed XML: line 1 column 0: document must contain a root element.'],
    ['another root element', '<repomd></repomd>', 'line 1: root element is <repomd>, want <updates>'],
    ['an update without an id', doc(PACKAGE), 'line 3: <update> has no <id>'],
    [
      'a package without a release',
      doc('<id>ALAS-1</id><pkglist><collection><package name="p" version="1"/></collection></pkglist>'),
      'line 4: <package> has no release',
    ],
    [
      'an issued date in another format',
      doc(`<id>ALAS-1</id><issued date="2023-02-16T21:40:00Z"/>${PACKAGE}`),
      'line 4: issued date "2023-02-16T21:40:00Z" is not "YYYY-MM-DD hh:mm" or "YYYY-MM-DD hh:mm:ss"',
    ],
    [
      'an issued date that does not exist',
      doc(`<id>ALAS-1</id><issued date="2023-02-30 21:40"/>${PACKAGE}`),
      'line 4: issued date "2023-02-30 21:40" is not "YYYY-MM-DD hh:mm" or "YYYY-MM-DD hh:mm:ss"',
    ],
  ] as const) {
    it(`fails ${name} with InvalidInputError naming the file and where`, async () => {
      await assert.rejects(collect(bytes(input), 'http://mirror/repodata/updateinfo.xml.gz'), {
        name: InvalidInputError.name,
        message: `updateinfo http://mirror/repodata/updateinfo.xml.gz: ${message}`,
      });
    });
  }

  it('fails bytes that are not UTF-8', async () => {
    await assert.rejects(collect(bytes(Uint8Array.of(0x3c, 0xff, 0xfe))), {
      name: InvalidInputError.name,
      message: 'updateinfo updateinfo.xml: not UTF-8',
    });
  });
});
