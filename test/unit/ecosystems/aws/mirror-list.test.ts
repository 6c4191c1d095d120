import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseMirrorList } from '../../../../lib/ecosystems/aws/mirror-list.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';

const testdata = (name: string) => readFileSync(join(import.meta.dirname, 'testdata', name), 'utf8');

describe('mirror.list', () => {
  it('gives every mirror of Amazon Linux 1, in order, as a base ending in /', () => {
    const mirrors = parseMirrorList(testdata('mirrors_linux1.txt'), 'al1');
    assert.equal(mirrors.length, 11);
    assert.equal(mirrors[0], 'http://packages.us-west-2.amazonaws.com/2018.03/updates/c539f2128d87/x86_64/');
    assert.equal(
      mirrors[10],
      'http://packages.ap-southeast-2.amazonaws.com/2018.03/updates/c539f2128d87/x86_64/',
    );
  });

  it('reads the one-line lists of Amazon Linux 2, without and 2023, with a final /', () => {
    assert.deepEqual(parseMirrorList(testdata('mirrors_linux2.txt'), 'al2'), [
      'https://cdn.amazonlinux.com/2/core/2.0/x86_64/221a4af09d96ac4e34202cc7bdfa252410419542548cc685dc86ed1c17ca4204/',
    ]);
    assert.deepEqual(parseMirrorList(testdata('mirrors_linux2023.txt'), 'al2023'), [
      'https://cdn.amazonlinux.com/al2023/core/guids/46ff4933b89b948580f3b223b826fee3c1830b85885db3f7f90502c0ac99698c/x86_64/',
    ]);
  });

  it('skips blank lines and surrounding spaces', () => {
    assert.deepEqual(parseMirrorList('\n  http://a/x \r\n\nhttps://b/\n', 'list'), [
      'http://a/x/',
      'https://b/',
    ]);
  });

  it('fails a line that is no http(s) URL, naming the list and the line', () => {
    assert.throws(() => parseMirrorList('http://a/\nftp://b/\n', 'http://x/mirror.list'), {
      name: InvalidInputError.name,
      message: 'mirror list http://x/mirror.list: line 2: "ftp://b/" is not an http(s) URL',
    });
  });

  it('fails a list naming no mirror', () => {
    assert.throws(() => parseMirrorList('\n', 'http://x/mirror.list'), {
      name: InvalidInputError.name,
      message: 'mirror list http://x/mirror.list: names no mirror',
    });
  });
});
