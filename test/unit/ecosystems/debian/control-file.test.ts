import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseControlFile, parseSourceField } from '../../../../lib/ecosystems/debian/control-file.ts';

const status = (name: string): string =>
  readFileSync(join(import.meta.dirname, 'testdata', 'dpkg', name), 'utf8');

describe('debian control file', () => {
  it('reads one paragraph per package', () => {
    const paragraphs = parseControlFile(status('postgresql.status'));
    assert.deepEqual(
      paragraphs.map((p) => p.Package),
      ['postgresql-client', 'postgresql-client-11', 'postgresql-client-common'],
    );
  });

  it('reads every paragraph of a giant status file', () => {
    // claircore's TestGiantStatus: texlive installs 357 packages.
    assert.equal(parseControlFile(status('texlive.status')).length, 357);
  });

  it('never takes a continuation line for a field', () => {
    for (const p of parseControlFile(status('texlive.status'))) {
      for (const key of Object.keys(p)) assert.match(key, /^[A-Za-z][A-Za-z0-9-]*$/, `${p.Package}: ${key}`);
    }
  });

  it('reads the version that follows a multi-line field', () => {
    // claircore's TestKeyringPackage (quay/claircore#297).
    const [keyring] = parseControlFile(status('debian-only.status'));
    assert.equal(keyring?.Version, '2019.1');
    assert.equal(keyring?.Conffiles?.split('\n').filter((l) => l !== '').length, 9);
  });

  it('keeps a continued field whole, one line per continuation', () => {
    const [keyring] = parseControlFile(status('debian-only.status'));
    assert.equal(
      keyring?.Description,
      'GnuPG archive keys of the Debian archive\nThe Debian project digitally signs its Release files. This package\ncontains the archive keys used for that.',
    );
  });

  it('reads nothing from an empty file', () => {
    assert.deepEqual(parseControlFile(''), []);
    assert.deepEqual(parseControlFile('\n\n  \n'), []);
  });
});

describe('debian Source field', () => {
  const cases: { name: string; field: string; binary: string; want: { name: string; version: string } }[] = [
    {
      // claircore's TestParsedSource (quay/claircore#1291).
      name: 'a source name with its version',
      field: 'postgresql-common (200+deb10u5)',
      binary: '11+200+deb10u5',
      want: { name: 'postgresql-common', version: '200+deb10u5' },
    },
    {
      name: 'a source name alone, taking the binary version',
      field: 'postgresql-11',
      binary: '11.22-0+deb10u2',
      want: { name: 'postgresql-11', version: '11.22-0+deb10u2' },
    },
    {
      name: 'a version with an epoch',
      field: 'audit (1:2.8.2-1ubuntu1)',
      binary: '1:2.8.2-1ubuntu1',
      want: { name: 'audit', version: '1:2.8.2-1ubuntu1' },
    },
    {
      name: 'surrounding blanks',
      field: '  util-linux (2.31.1-0.4ubuntu3.3)  ',
      binary: '2.31.1-0.4ubuntu3.3',
      want: { name: 'util-linux', version: '2.31.1-0.4ubuntu3.3' },
    },
    {
      name: 'empty parentheses, taking the binary version',
      field: 'pam ()',
      binary: '1.1.8-3.6ubuntu2.18.04.1',
      want: { name: 'pam', version: '1.1.8-3.6ubuntu2.18.04.1' },
    },
  ];
  for (const c of cases) {
    it(`reads ${c.name}`, () => assert.deepEqual(parseSourceField(c.field, c.binary), c.want));
  }
});
