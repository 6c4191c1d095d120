import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  BUILTIN_RELEASES,
  distsCodenames,
  releaseMajor,
  releasesFromJson,
  releasesToJson,
} from '../../../../lib/ecosystems/debian/releases.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';

const DISTS = join(import.meta.dirname, 'testdata', 'mirror', 'dists');
const release = (codename: string): string => readFileSync(join(DISTS, codename, 'Release'), 'utf8');

describe('debian releases', () => {
  it('finds the codenames linked from the dists/ index, skipping suites, aliases and children', () => {
    const html = readFileSync(join(DISTS, 'index.html'), 'utf8');
    assert.deepEqual(distsCodenames(html), ['bookworm', 'bullseye', 'forky', 'trixie']);
  });

  it('skips sorting, parent, absolute and nested links, and names each codename once', () => {
    const html = [
      '<a href="?C=N;O=D">Name</a>',
      '<a href="/debian/">Parent Directory</a>',
      '<a href="../">../</a>',
      '<a href="https://deb.debian.org/debian/dists/trixie/">trixie</a>',
      '<a href="trixie/main/">main</a>',
      '<a href="trixie/">trixie/</a>',
      '<a href="trixie">trixie</a>',
      '<a href="">empty</a>',
    ].join('\n');
    assert.deepEqual(distsCodenames(html), ['trixie']);
  });

  const majors: [codename: string, want: string | undefined][] = [
    ['bullseye', '11'],
    ['bookworm', '12'],
    ['trixie', '13'],
    ['forky', undefined],
  ];
  for (const [codename, want] of majors) {
    it(`reads ${want === undefined ? 'no major version' : `major ${want}`} from the first 513 bytes of the ${codename} Release file`, () => {
      assert.equal(releaseMajor(release(codename).slice(0, 513)), want);
    });
  }

  it('reads the major version from a whole Release file', () => {
    assert.equal(releaseMajor(release('bookworm')), '12');
  });

  it('reads no major version from a version without a minor part, or from another field', () => {
    assert.equal(releaseMajor('Origin: Debian\nVersion: 12\nCodename: bookworm\n'), undefined);
    assert.equal(releaseMajor('Origin: Debian\nX-Version: 12.1\n'), undefined);
  });

  it('reads a Release file with CRLF line ends', () => {
    assert.equal(releaseMajor('Origin: Debian\r\nVersion: 12.11\r\nCodename: bookworm\r\n'), '12');
  });

  it('round-trips releases through spec params', () => {
    const json = releasesToJson(BUILTIN_RELEASES);
    assert.equal(json, '{"buster":"10","bullseye":"11","bookworm":"12","trixie":"13"}');
    assert.deepEqual(releasesFromJson(json, 'here'), BUILTIN_RELEASES);
  });

  const bad: [json: string | undefined, message: RegExp][] = [
    [undefined, /^here: releases undefined is not JSON$/],
    ['{', /^here: releases "\{" is not JSON$/],
    ['{}', /^here: releases \{\} is not a non-empty object of codename to major version$/],
    ['["bookworm"]', /is not a non-empty object/],
    ['{"bookworm":12}', /is not a non-empty object/],
    ['{"bookworm":"12.1"}', /is not a non-empty object/],
  ];
  for (const [json, message] of bad) {
    it(`rejects spec releases ${json}`, () => {
      assert.throws(() => releasesFromJson(json, 'here'), { name: InvalidInputError.name, message });
    });
  }
});
