import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { metaSha256 } from '../../../../lib/enrichers/cvss/meta-file.ts';
import { UpstreamError } from '../../../../lib/errors.ts';
import { CVSS_TESTDATA } from './nvd-feed.ts';

const URL = 'https://nvd.test/nvdcve-2.0-2016.meta';

describe('NVD .meta file', () => {
  it('gives the sha256 of claircore fixture', async () => {
    const text = await readFile(join(CVSS_TESTDATA, 'feed.meta'), 'utf8');
    assert.equal(metaSha256(text, URL), 'D165E29D8D911F3F1E0919A5C1E8C423B14AF1C38F57847DD0A8CC9DBD027618');
  });

  it('reads CRLF lines and upper-cases the sha256', () => {
    const sha = 'ab'.repeat(32);
    assert.equal(metaSha256(`size:1\r\nsha256:${sha}\r\n`, URL), sha.toUpperCase());
  });

  const broken: [name: string, text: string, message: string][] = [
    [
      'no sha256 line',
      'lastModifiedDate:2025-08-07T03:01:41-04:00\nsize:66078439\n',
      `feed ${URL}: no sha256 line in the meta file`,
    ],
    ['an empty file', '', `feed ${URL}: no sha256 line in the meta file`],
    ['a short sha256', 'sha256:D165E29D\n', `feed ${URL}: sha256 "D165E29D" is not 64 hex digits`],
    [
      'an HTML page',
      '<html><body>sha256: maintenance</body></html>',
      `feed ${URL}: no sha256 line in the meta file`,
    ],
  ];
  for (const [name, text, message] of broken) {
    it(`fails ${name} with UpstreamError naming the file`, () => {
      assert.throws(
        () => metaSha256(text, URL),
        (err: Error) => err instanceof UpstreamError && err.message === message,
      );
    });
  }
});
