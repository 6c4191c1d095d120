import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseRepomd } from '../../../../lib/ecosystems/aws/repomd.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';

const REPOMD = readFileSync(join(import.meta.dirname, 'testdata', 'test_repomd.xml'), 'utf8');
const SOURCE = 'http://mirror/repodata/repomd.xml';

const data = (type: string, inner: string) => `<data type="${type}">${inner}</data>`;
const repomd = (...entries: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<repomd xmlns="http://linux.duke.edu/metadata/repo">${entries.join('')}</repomd>`;

describe('repomd.xml', () => {
  it("gives the updateinfo entry's checksum and location, not another entry's", () => {
    assert.deepEqual(parseRepomd(REPOMD, SOURCE), {
      algorithm: 'sha256',
      checksum: '9dd3ce045294b530720d13829817254e3cd67ec1ac36f66069238d9d111d3cc0',
      href: 'repodata/updateinfo.xml.gz',
    });
  });

  it("reads yum's plain sha as SHA-1 and keeps the checksum as written", () => {
    const text = repomd(
      data('updateinfo', '<checksum type="sha">\n  ABCDEF01\n</checksum><location href="repodata/u.xml"/>'),
    );
    assert.deepEqual(parseRepomd(text, SOURCE), {
      algorithm: 'sha1',
      checksum: 'ABCDEF01',
      href: 'repodata/u.xml',
    });
  });

  for (const [name, text, message] of [
    [
      'an index without an updateinfo entry',
      repomd(data('primary_db', '<checksum type="sha256">ab</checksum><location href="p.bz2"/>')),
      'no <data type="updateinfo"> entry',
    ],
    [
      'an updateinfo entry without a location',
      repomd(data('updateinfo', '<checksum type="sha256">ab</checksum>')),
      'updateinfo has no <location href>',
    ],
    [
      'a checksum of a type it cannot compute',
      repomd(data('updateinfo', '<checksum type="md5">ab</checksum><location href="u.xml.gz"/>')),
      'updateinfo checksum type "md5" is not one of sha, sha1, sha224, sha256, sha384, sha512',
    ],
    [
      'a checksum that is not hex',
      repomd(data('updateinfo', '<checksum type="sha256"></checksum><location href="u.xml.gz"/>')),
      'updateinfo checksum "" is not hex',
    ],
    ['another document', '<updates></updates>', 'root element is <updates>, want <repomd>'],
    ['a document cut off', repomd().slice(0, 60), 'malformed XML: line 2 column 21: unexpected end.'],
    ['text that is not XML', 'not xml', 'malformed XML: line 1 column 7: text data outside of root node.'],
  ] as const) {
    it(`fails ${name} with InvalidInputError naming the file`, () => {
      assert.throws(() => parseRepomd(text, SOURCE), {
        name: InvalidInputError.name,
        message: `repomd ${SOURCE}: ${message}`,
      });
    });
  }
});
