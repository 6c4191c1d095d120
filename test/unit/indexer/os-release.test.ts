import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  osReleaseDistribution,
  parseOsRelease,
  readOsRelease,
  wantsOsRelease,
} from '../../../lib/indexer/os-release.ts';
import { osReleaseScanner } from '../../../lib/indexer/os-release-scanner.ts';
import { claircoreDistribution } from './claircore-json.ts';
import { type EntrySpec, layerOf } from './layer-dir.ts';
import { parseTxtar } from './txtar.ts';

const TESTDATA = join(import.meta.dirname, 'testdata', 'osrelease');
const cases = readdirSync(TESTDATA)
  .filter((f) => f.endsWith('.txtar'))
  .sort()
  .map((f) => {
    const archive = parseTxtar(readFileSync(join(TESTDATA, f), 'utf8'));
    const file = (name: string): string => {
      const text = archive.files.get(name);
      assert.ok(text !== undefined, `${f} has no ${name} section`);
      return text;
    };
    return {
      name: f.replace(/\.txtar$/, ''),
      osRelease: file('os-release'),
      parsed: file('Parsed'),
      dist: file('Distribution'),
    };
  });

// The os-release of UBI 8, as osrelease/testdata/Ubi8.txtar holds it.
const ubi8 = cases.find((c) => c.name === 'Ubi8')?.osRelease ?? '';
const buster = cases.find((c) => c.name === 'Buster')?.osRelease ?? '';

/** Every path is wanted as os-release paths are, so a test sees what an os-release scanner sees. */
const osReleaseReader = { wants: wantsOsRelease };

describe('os-release parser', () => {
  it('reads claircore osrelease testdata', () => assert.equal(cases.length, 11));

  for (const c of cases) {
    it(`parses the ${c.name} os-release into its fields`, () => {
      assert.deepEqual(parseOsRelease(c.osRelease), JSON.parse(c.parsed));
    });
    it(`describes the ${c.name} os-release as claircore's generic distribution`, () => {
      assert.deepEqual(
        claircoreDistribution(osReleaseDistribution(parseOsRelease(c.osRelease))),
        JSON.parse(c.dist),
      );
    });
  }

  const lines: { name: string; text: string; want: Record<string, string> }[] = [
    { name: 'an unquoted value', text: 'ID=alpine\n', want: { ID: 'alpine' } },
    { name: 'a double-quoted value', text: 'NAME="Alpine Linux"\n', want: { NAME: 'Alpine Linux' } },
    {
      name: 'double-quote escapes',
      text: 'PRETTY_NAME="a \\"b\\" \\$c \\`d\\` \\\\e"\n',
      want: { PRETTY_NAME: 'a "b" $c `d` \\e' },
    },
    {
      name: 'a single-quoted value taken literally',
      text: "OSTREE_VERSION='30.$x'\n",
      want: { OSTREE_VERSION: '30.$x' },
    },
    { name: 'an escaped single quote in single quotes', text: "NAME='it'\\''s'\n", want: { NAME: "it's" } },
    { name: 'an empty value', text: 'VERSION_CODENAME=\n', want: { VERSION_CODENAME: '' } },
    { name: 'an empty quoted value', text: 'VERSION_CODENAME=""\n', want: { VERSION_CODENAME: '' } },
    { name: 'a value holding an equals sign', text: 'X="a=b"\n', want: { X: 'a=b' } },
    { name: 'comments and blank lines', text: '# comment\n\n   \nID=debian\n', want: { ID: 'debian' } },
    {
      name: 'CRLF line ends',
      text: 'ID=ubuntu\r\nVERSION_ID="22.04"\r\n',
      want: { ID: 'ubuntu', VERSION_ID: '22.04' },
    },
    {
      name: 'a last line with no newline',
      text: 'ID=fedora\nVERSION_ID=39',
      want: { ID: 'fedora', VERSION_ID: '39' },
    },
    { name: 'a later assignment over an earlier one', text: 'ID=a\nID=b\n', want: { ID: 'b' } },
    // claircore's osrelease.Parse fails the whole file here; clairless skips the line (see os-release.ts).
    { name: 'a line that is not an assignment', text: 'garbage\nID=debian\n=x\n', want: { ID: 'debian' } },
  ];
  for (const { name, text, want } of lines) {
    it(`reads ${name}`, () => assert.deepEqual(parseOsRelease(text), want));
  }
});

describe('os-release distribution', () => {
  it('defaults to Linux when os-release names nothing', () => {
    assert.deepEqual(osReleaseDistribution({}), {
      did: 'linux',
      name: 'Linux',
      version: '',
      versionCodeName: '',
      versionId: '',
      arch: '',
      cpe: '',
      prettyName: '',
    });
  });

  it('takes the pretty name from REDHAT_BUGZILLA_PRODUCT when there is one', () => {
    assert.equal(osReleaseDistribution(parseOsRelease(ubi8)).prettyName, 'Red Hat Enterprise Linux 8');
  });
});

describe('os-release reader', () => {
  const layer = (entries: [string, EntrySpec][]) => layerOf(osReleaseReader, entries);

  it('wants only etc/os-release and usr/lib/os-release, as content', () => {
    assert.equal(wantsOsRelease('etc/os-release'), 'content');
    assert.equal(wantsOsRelease('usr/lib/os-release'), 'content');
    for (const path of ['etc/lsb-release', 'os-release', 'usr/lib/os-release.d/x', 'x/etc/os-release']) {
      assert.equal(wantsOsRelease(path), 'none', path);
    }
  });

  it('reads etc/os-release', () => {
    assert.equal(readOsRelease(layer([['etc/os-release', buster]])).VERSION_CODENAME, 'buster');
  });

  it('reads usr/lib/os-release when etc/os-release is absent', () => {
    assert.equal(readOsRelease(layer([['usr/lib/os-release', ubi8]])).ID, 'rhel');
  });

  it('prefers etc/os-release over usr/lib/os-release', () => {
    const fields = readOsRelease(
      layer([
        ['usr/lib/os-release', ubi8],
        ['etc/os-release', buster],
      ]),
    );
    assert.equal(fields.ID, 'debian');
  });

  it('follows a relative symlink from etc/os-release to usr/lib/os-release', () => {
    const files = layer([
      ['etc', { dir: true }],
      ['etc/os-release', { symlink: '../usr/lib/os-release' }],
      ['usr/lib/os-release', ubi8],
    ]);
    assert.equal(files.entry('etc/os-release')?.type, 'symlink');
    assert.deepEqual(readOsRelease(files), parseOsRelease(ubi8));
  });

  it('follows an absolute symlink from the layer root', () => {
    const files = layer([
      ['etc/os-release', { symlink: '/usr/lib/os-release' }],
      ['usr/lib/os-release', ubi8],
    ]);
    assert.equal(readOsRelease(files).ID, 'rhel');
  });

  it('gives no fields when the etc/os-release symlink points into a lower layer', () => {
    assert.deepEqual(readOsRelease(layer([['etc/os-release', { symlink: '../usr/lib/os-release' }]])), {});
  });

  it('gives no fields for a layer without os-release', () => {
    assert.deepEqual(readOsRelease(layer([['etc/issue', 'Welcome\n']])), {});
  });

  it('gives no fields for an os-release symlink loop', () => {
    const files = layer([
      ['etc/os-release', { symlink: '../usr/lib/os-release' }],
      ['usr/lib/os-release', { symlink: '../../etc/os-release' }],
    ]);
    assert.deepEqual(readOsRelease(files), {});
  });
});

describe('os-release scanner', () => {
  const scanner = osReleaseScanner({
    name: 'test-os',
    version: '7',
    otherFiles: ['etc/issue'],
    detect: (os, files) =>
      os.ID === 'debian' || files.text('etc/issue') !== undefined ? osReleaseDistribution(os) : undefined,
  });

  it('is a distribution scanner with the given name and version', () => {
    assert.deepEqual([scanner.name, scanner.version, scanner.kind], ['test-os', '7', 'distribution']);
  });

  it('wants os-release and its other files as content, and nothing else', () => {
    assert.equal(scanner.wants('etc/os-release', 'file'), 'content');
    assert.equal(scanner.wants('usr/lib/os-release', 'file'), 'content');
    assert.equal(scanner.wants('etc/issue', 'file'), 'content');
    assert.equal(scanner.wants('etc/passwd', 'file'), 'none');
  });

  it('reports the distribution detect finds', async () => {
    const got = await scanner.scan(layerOf(scanner, [['etc/os-release', buster]]));
    assert.deepEqual(got, [osReleaseDistribution(parseOsRelease(buster))]);
  });

  it('reports nothing when detect finds nothing', async () => {
    assert.deepEqual(await scanner.scan(layerOf(scanner, [['etc/os-release', ubi8]])), []);
  });

  it('gives detect the layer, for its other files', async () => {
    const got = await scanner.scan(layerOf(scanner, [['etc/issue', 'Welcome\n']]));
    assert.equal(got.length, 1);
  });
});
