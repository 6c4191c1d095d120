import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  ArchiveLimitError,
  openZipBuffer,
  openZipFile,
  type ZipArchive,
} from '../../../../lib/ecosystems/java/zip-archive.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { NO_ZIP, rawZip, zipTree } from './zip-build.ts';

const dir = mkdtempSync(join(tmpdir(), 'clairless-zip-archive-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const LAUNCHER = '#!/bin/bash\nexec java -jar "$0" "$@"\nexit 0\n';
const MANIFEST = 'Manifest-Version: 1.0\r\nImplementation-Title: app\r\n';

function onDisk(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function texts(zip: ZipArchive): Promise<Record<string, string>> {
  try {
    const out: Record<string, string> = {};
    for (const m of zip.members.filter((m) => !m.isDirectory))
      out[m.name] = (await zip.read(m, 1024)).toString();
    return out;
  } finally {
    zip.close();
  }
}

describe('java zip archive', { skip: NO_ZIP }, () => {
  it('reads an executable jar, a launcher script in front of the zip, from disk and from memory', async () => {
    const jar = Buffer.concat([Buffer.from(LAUNCHER), zipTree({ 'META-INF/MANIFEST.MF': MANIFEST })]);
    // unzip agrees that it is a zip behind extra bytes.
    const path = onDisk('launcher.jar', jar);
    const unzip = spawnSync('unzip', ['-p', path, 'META-INF/MANIFEST.MF'], { encoding: 'utf8' });
    if (unzip.error === undefined) assert.equal(unzip.stdout, MANIFEST);
    assert.deepEqual(await texts(await openZipFile(path)), { 'META-INF/MANIFEST.MF': MANIFEST });
    assert.deepEqual(await texts(await openZipBuffer(jar)), { 'META-INF/MANIFEST.MF': MANIFEST });
  });

  it('lists folders as folders and cleans member names', async () => {
    const zip = await openZipBuffer(zipTree({ 'META-INF/MANIFEST.MF': MANIFEST, 'lib/a.jar': 'x' }));
    assert.deepEqual(zip.members.map((m) => [m.name, m.isDirectory]).sort(), [
      ['META-INF', true],
      ['META-INF/MANIFEST.MF', false],
      ['lib', true],
      ['lib/a.jar', false],
    ]);
    zip.close();
  });

  it('rejects a member whose bytes do not match its CRC', async () => {
    const text = 'the stored content of this member';
    const good = zipTree({ 'data.txt': text }, ['-0']);
    const at = good.indexOf(text);
    assert.ok(at > 0, 'zip -0 stores the text as is');
    const bad = Buffer.from(good);
    bad.write('T', at);
    const zip = await openZipBuffer(bad);
    await assert.rejects(
      texts(zip),
      (err: unknown) => err instanceof InvalidInputError && /checksum mismatch/.test(err.message),
    );
  });

  it('rejects a member that declares more bytes than allowed, before reading it', async () => {
    const zip = await openZipBuffer(zipTree({ 'big.txt': 'x'.repeat(4096) }));
    const [member] = zip.members;
    await assert.rejects(
      zip.read(member as NonNullable<typeof member>, 1024),
      /declares 4096 bytes, more than 1024/,
    );
    zip.close();
  });

  it('rejects bytes that are no zip, from disk and from memory', async () => {
    const text = Buffer.from('not a zip, although long enough to be one\n');
    await assert.rejects(openZipFile(onDisk('text.jar', text)), InvalidInputError);
    await assert.rejects(openZipBuffer(text), InvalidInputError);
  });
});

describe('java zip archive, hostile directories', () => {
  const data = Buffer.from('one stored member');

  it('rejects two kept members that share one local header, and reads the one kept of them', async () => {
    const zip = rawZip([{ name: 'a.txt', data }], ['b.txt']);
    await assert.rejects(
      openZipBuffer(zip),
      (err: unknown) =>
        err instanceof ArchiveLimitError &&
        err.message === 'zip members "a.txt" and "b.txt" share one local header',
    );
    const onlyB = await openZipBuffer(zip, (m) => m.name === 'b.txt');
    assert.deepEqual(await texts(onlyB), { 'b.txt': 'one stored member' });
  });

  it('keeps only the members select picks', async () => {
    const zip = await openZipBuffer(
      rawZip([
        { name: 'a.txt', data },
        { name: 'b.txt', data },
      ]),
      (m) => m.name === 'b.txt',
    );
    assert.deepEqual(
      zip.members.map((m) => m.name),
      ['b.txt'],
    );
    zip.close();
  });

  it('reads from disk a directory spanning many read blocks, and each member behind it', async () => {
    // 3,000 entries of 60 to 160 bytes: a directory of about 0.5 MB, read in 64 KiB blocks.
    const members = Array.from({ length: 3_000 }, (_, i) => ({
      name: `${i}/`.padEnd(10 + (i % 101), 'n'),
      data: Buffer.from(`member ${i}`),
    }));
    const path = onDisk('many.jar', rawZip(members));
    const zip = await openZipFile(path);
    try {
      assert.deepEqual(
        zip.members.map((m) => m.name),
        members.map((m) => m.name),
      );
      for (const i of [0, 1_499, 2_999]) {
        const member = zip.members[i] as NonNullable<(typeof zip.members)[number]>;
        assert.equal((await zip.read(member, 1024)).toString(), `member ${i}`);
      }
    } finally {
      zip.close();
    }
  });

  it('rejects a central directory over 64 MiB, even of members it would pass over', async () => {
    // 1,100 entries with names of 61,000 bytes: 67 MB of directory.
    const aliases = Array.from({ length: 1_100 }, (_, i) => `${i}`.padEnd(61_000, 'x'));
    await assert.rejects(
      openZipBuffer(rawZip([{ name: 'a.txt', data }], aliases), () => false),
      (err: unknown) =>
        err instanceof ArchiveLimitError && /central directory over 67108864 bytes/.test(err.message),
    );
  });
});
