import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TrackerEntry } from '../../../../lib/ecosystems/debian/tracker.ts';
import { readTracker } from '../../../../lib/ecosystems/debian/tracker-reader.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { random as seeded } from '../../../helpers/prng.ts';

const TRACKER = readFileSync(join(import.meta.dirname, 'testdata', 'tracker', 'tracker.json'));
const DOC = TRACKER.toString('latin1');

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function read(bytes: Uint8Array, size = bytes.length || 1): Promise<TrackerEntry[]> {
  const out: TrackerEntry[] = [];
  for await (const entry of readTracker(chunks(bytes, size), 'tracker.json')) out.push(entry);
  return out;
}

/** The document with its first `from` replaced by `to`, and where that change starts. */
function edited(from: string, to: string): { bytes: Buffer; at: number } {
  const at = DOC.indexOf(from);
  assert.notEqual(at, -1, from);
  return { bytes: Buffer.from(DOC.slice(0, at) + to + DOC.slice(at + from.length), 'latin1'), at };
}

const fails = (message: string | RegExp) => ({ name: InvalidInputError.name, message });

describe('debian tracker reader', () => {
  it('reads every (package, issue) of the document in order', async () => {
    const got = (await read(TRACKER)).map((e) => `${e.package} ${e.id}`);
    assert.deepEqual(got, [
      '389-ds-base CVE-2012-0833',
      'bash CVE-2022-3715',
      'bash TEMP-0841856-B18BAF',
      'curl CVE-2023-38545',
      'firefox CVE-2024-9680',
      'glibc CVE-2023-4911',
      'linux CVE-2024-26581',
      'linux CVE-2025-21756',
      'openssl CVE-2023-0286',
      'openssl CVE-2024-2511',
      'python3.11 CVE-2023-40217',
      'tiff CVE-2023-6228',
      'wpa TEMP-0000000-2A6C3F',
      'xz-utils CVE-2024-3094',
      'zlib CVE-2023-45853',
    ]);
  });

  for (const size of [1, 7, 4096]) {
    it(`reads the same issues when fed in ${size}-byte chunks`, async () => {
      assert.deepEqual(await read(TRACKER, size), await read(TRACKER));
    });
  }

  it('decodes escaped non-ASCII text', async () => {
    const glibc = (await read(TRACKER, 7)).find((e) => e.package === 'glibc');
    assert.match(glibc?.issue.description ?? '', /GNU C Library\u2019s dynamic loader/);
  });

  it('yields issues before the document has been read to its end', async () => {
    let restGiven = false;
    async function* halves(): AsyncGenerator<Uint8Array> {
      yield TRACKER.subarray(0, 2000);
      restGiven = true;
      yield TRACKER.subarray(2000);
    }
    const first = await readTracker(halves(), 'tracker.json').next();
    assert.equal(first.value?.package, '389-ds-base');
    assert.equal(restGiven, false);
  });

  it('reads an empty object as no issues', async () => {
    assert.deepEqual(await read(Buffer.from(' {} \n')), []);
  });

  it('fails on every truncation of the document, naming the byte where it ends', async () => {
    const cuts = [...Array.from({ length: TRACKER.length / 7 }, (_, i) => i * 7), DOC.indexOf('true') + 2];
    for (const cut of cuts) {
      const message = new RegExp(`^debian tracker feed tracker\\.json: truncated at byte ${cut}: `);
      await assert.rejects(read(TRACKER.subarray(0, cut)), fails(message), `cut at byte ${cut}`);
    }
  });

  it('fails on a truncation fed in 7-byte chunks', async () => {
    const cut = TRACKER.length - 1000;
    await assert.rejects(read(TRACKER.subarray(0, cut), 7), fails(new RegExp(`truncated at byte ${cut}: `)));
  });

  it('fails on bad JSON syntax, naming the byte of the token the parser rejected', async () => {
    const { bytes, at } = edited('"CVE-2023-38545":{', '"CVE-2023-38545" {');
    const message = new RegExp(`^debian tracker feed tracker\\.json: malformed JSON at byte ${at + 17}: `);
    await assert.rejects(read(bytes), fails(message));
    await assert.rejects(read(bytes, 7), fails(message));
  });

  it('fails on a byte that is no JSON, naming its position', async () => {
    const { bytes, at } = edited('"scope":"remote"', '"scope":remote');
    const message = new RegExp(`^debian tracker feed tracker\\.json: malformed JSON at byte ${at + 8}: `);
    await assert.rejects(read(bytes), fails(message));
    await assert.rejects(read(bytes, 7), fails(message));
  });

  it('fails on a malformed issue, naming its package, id and the byte where it starts', async () => {
    const { bytes } = edited('"fixed_version":"0"', '"fixed_version":0');
    const at = DOC.indexOf('"CVE-2023-38545":') + '"CVE-2023-38545":'.length;
    const message =
      `debian tracker feed tracker.json: malformed issue "curl" "CVE-2023-38545" at byte ${at}: ` +
      'releases.bullseye.fixed_version: want a string, got 0';
    await assert.rejects(read(bytes), fails(message));
    await assert.rejects(read(bytes, 7), fails(message));
  });

  it('fails on an issue whose releases are a list', async () => {
    const { bytes } = edited('"releases":{}', '"releases":[]');
    await assert.rejects(
      read(bytes, 7),
      fails(
        /malformed issue "wpa" "TEMP-0000000-2A6C3F" at byte \d+: releases: want an object, got an array$/,
      ),
    );
  });

  const bad: [name: string, doc: string, message: string][] = [
    ['an empty document', '', 'truncated at byte 0: the document ends before its closing brace'],
    ['a blank document', ' \n\t', 'truncated at byte 3: the document ends before its closing brace'],
    [
      'a list of packages',
      '[{"wpa":{}}]',
      'malformed JSON at byte 0: want an object of source packages, got a list',
    ],
    ['a bare string', ' "wpa"', 'malformed JSON at byte 1: want an object of source packages, got "wpa"'],
    [
      'a package that is a list',
      '{"wpa":[]}',
      'malformed package "wpa" at byte 7: want an object of issues, got a list',
    ],
    [
      'a package that is a number',
      '{"wpa":12}',
      'malformed package "wpa" at byte 7: want an object of issues, got 12',
    ],
    [
      'a package that is a string',
      '{"wpa":"x"}',
      'malformed package "wpa" at byte 7: want an object of issues, got "x"',
    ],
    [
      'an issue that is a string',
      '{"wpa":{"TEMP-1":"x"}}',
      'malformed issue "wpa" "TEMP-1" at byte 17: issue: want an object, got "x"',
    ],
    [
      'an issue that is null',
      '{"wpa":{"TEMP-1":null}}',
      'malformed issue "wpa" "TEMP-1" at byte 17: issue: want an object, got null',
    ],
  ];
  for (const [name, doc, message] of bad) {
    it(`fails on ${name}`, async () => {
      await assert.rejects(read(Buffer.from(doc), 3), fails(`debian tracker feed tracker.json: ${message}`));
    });
  }

  it('fails on data after the document, naming where it starts', async () => {
    const bytes = Buffer.concat([TRACKER, Buffer.from('{}')]);
    const message = new RegExp(
      `^debian tracker feed tracker\\.json: malformed JSON at byte ${TRACKER.length}: `,
    );
    await assert.rejects(read(bytes, 7), fails(message));
  });

  // STYLE 2.10: any input either parses or fails with our own error.
  it('reads or rejects with InvalidInputError any mutation of the document', async () => {
    const { int: random } = seeded(0x7ac0);
    for (let run = 0; run < 300; run++) {
      const bytes = Buffer.from(TRACKER);
      for (let n = 1 + random(3); n > 0; n--) bytes[random(bytes.length)] = random(256);
      const cut = random(4) === 0 ? random(bytes.length) : bytes.length;
      try {
        await read(bytes.subarray(0, cut), 1 + random(64));
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `run ${run}: ${String(err)}`);
      }
    }
  });
});
