import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createGunzip } from 'node:zlib';
import { photonRelease } from '../../../../lib/ecosystems/photon/distribution-scanner.ts';
import { readOvalDocument } from '../../../../lib/ecosystems/rpm/oval-document.ts';
import { ovalUpdater } from '../../../../lib/ecosystems/rpm/oval-updater.ts';
import {
  definitionPrototype,
  type PrototypesOf,
  rpmDefsToVulns,
} from '../../../../lib/ecosystems/rpm/oval-vulnerabilities.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import type { UpdaterContext, Vulnerability } from '../../../../lib/updater/types.ts';
import { captureLog } from '../../../helpers/log.ts';

// claircore's photon/testdata/com.vmware.phsa-photon3.xml, gzipped (../photon/testdata/README.md).
const PHOTON3 = join(import.meta.dirname, '../photon/testdata/com.vmware.phsa-photon3.xml.gz');
const URL = 'http://127.0.0.1:9/oval/feed.xml';
const WHERE = `oval ${URL}`;
const DIST = photonRelease('3.0');
assert.ok(DIST !== undefined);
const prototypesOf: PrototypesOf = (d) => [definitionPrototype(d, 'High', DIST)];
const updater = ovalUpdater({ name: 'oval-test', url: URL, compression: 'none', prototypesOf });

const context = (): UpdaterContext => ({
  signal: new AbortController().signal,
  log: captureLog().log,
  tmpDir: tmpdir(),
});

const doc = (definitions: string, rest: string): string =>
  `<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5">\n<definitions>${definitions}</definitions>${rest}</oval_definitions>`;
const definition = (id: string, testRef: string, issued = '2023-01-02') =>
  `<definition id="${id}"><metadata><title>${id}</title><advisory><issued date="${issued}"/></advisory></metadata>` +
  `<criteria><criterion test_ref="${testRef}"/></criteria></definition>\n`;
const REFS =
  '<tests><rpminfo_test id="t1"><object object_ref="o1"/><state state_ref="s1"/></rpminfo_test></tests>' +
  '<objects><rpminfo_object id="o1"><name>zlib</name></rpminfo_object></objects>' +
  '<states><rpminfo_state id="s1"><evr operation="less than">0:1.2-1</evr></rpminfo_state></states>';

describe('oval updater parse', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oval-updater-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  let spooled = 0;
  /** The document as the fetch spools it, uncompressed. */
  async function spool(text: string): Promise<string> {
    const file = join(dir, `${++spooled}.xml`);
    await writeFile(file, text);
    return file;
  }
  async function parse(text: string): Promise<Vulnerability[]> {
    const found: Vulnerability[] = [];
    for await (const v of updater.parse(await spool(text), context())) found.push(v);
    return found;
  }

  it('gives what reading the whole document gives, in the same order, on Photon 3’s document', async () => {
    const whole = await readOvalDocument(createReadStream(PHOTON3).pipe(createGunzip()), WHERE);
    const expected = [...rpmDefsToVulns(whole, prototypesOf, WHERE, (message) => assert.fail(message))];
    const file = join(dir, 'photon3.xml.gz');
    await writeFile(file, createReadStream(PHOTON3));

    const found: Vulnerability[] = [];
    for await (const v of updater.parse(file, context())) found.push(v);

    assert.ok(expected.length > 500, `only ${expected.length} vulnerabilities`);
    assert.deepEqual(found, expected);
  });

  it('skips a criterion whose test is missing, with one warning naming the definition', async () => {
    const text = doc(definition('oval:x:def:1', 't1') + definition('oval:x:def:2', 't9'), REFS);
    const { log, entries } = captureLog();
    const found: Vulnerability[] = [];
    for await (const v of updater.parse(await spool(text), { ...context(), log })) found.push(v);

    // The first definition's record is kept; the second's criterion is skipped.
    assert.deepEqual(
      found.map((v) => [v.name, v.package.name]),
      [['oval:x:def:1', 'zlib']],
    );
    assert.deepEqual(
      entries.filter((e) => e.level === 'warn').map((e) => [e.msg, e.skipped, e.first]),
      [
        [
          'oval criteria skipped: missing references',
          1,
          `${WHERE}: definition oval:x:def:2: criterion test_ref "t9" names no test`,
        ],
      ],
    );
  });

  it('fails with InvalidInputError naming the line of a later definition’s unreadable date', async () => {
    const text = doc(definition('oval:x:def:1', 't1') + definition('oval:x:def:2', 't1', 'someday'), REFS);

    await assert.rejects(parse(text), {
      name: InvalidInputError.name,
      message: `${WHERE}: line 3: issued date "someday" is not a date`,
    });
  });

  it('fails with InvalidInputError on malformed XML after the definitions, before yielding any', async () => {
    const file = await spool(doc(definition('oval:x:def:1', 't1'), `${REFS}<states>`));
    const found: Vulnerability[] = [];

    await assert.rejects(
      async () => {
        for await (const v of updater.parse(file, context())) found.push(v);
      },
      {
        name: InvalidInputError.name,
        message: /^oval http:\/\/127\.0\.0\.1:9\/oval\/feed\.xml: not well-formed XML/,
      },
    );
    assert.deepEqual(found, []);
  });
});
