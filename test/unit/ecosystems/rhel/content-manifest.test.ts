import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  readContentManifest,
  usesDnfHistory,
  wantsContentManifest,
} from '../../../../lib/ecosystems/rhel/content-manifest.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { captureLog } from '../../../helpers/log.ts';
import { type EntrySpec, layerOf } from '../../indexer/layer-dir.ts';

const read = (entries: [string, EntrySpec][], log = captureLog().log) =>
  readContentManifest(layerOf({ wants: wantsContentManifest }, entries), log);
const manifest = (sets: string[], extra = {}) => JSON.stringify({ content_sets: sets, ...extra });

describe('content manifest', () => {
  const wants: [string, 'file' | 'dir', string][] = [
    ['root/buildinfo/content_manifests/ubi9-container-9.3-1.json', 'file', 'content'],
    ['usr/share/buildinfo/content_manifests/a.json', 'file', 'content'],
    ['usr/share/buildinfo/rhcos.json', 'file', 'content'],
    ['root/buildinfo/content_manifests/a.json', 'dir', 'none'],
    ['root/buildinfo/content_manifests/sub/a.json', 'file', 'none'],
    ['root/buildinfo/Dockerfile-ubi9-9.3-1', 'file', 'none'],
    ['root/buildinfo/content_manifests/a.txt', 'file', 'none'],
    ['usr/share/buildinfo/other/a.json', 'file', 'none'],
  ];
  for (const [path, type, want] of wants) {
    it(`wants ${type} ${path} as ${want}`, () => assert.equal(wantsContentManifest(path, type), want));
  }

  it('is absent from a layer without one', () => {
    assert.equal(read([['root/buildinfo/Dockerfile-name-1-1', 'FROM scratch\n']]), undefined);
  });

  it('reads the content sets and the DNF hint', () => {
    assert.deepEqual(read([['root/buildinfo/content_manifests/a.json', manifest(['rhel-9-baseos'])]]), {
      contentSets: ['rhel-9-baseos'],
      fromDnfHint: false,
    });
    assert.deepEqual(
      read([
        ['root/buildinfo/content_manifests/a.json', manifest([], { from_dnf_hint: true, metadata: {} })],
      ]),
      { contentSets: [], fromDnfHint: true },
    );
  });

  it('takes the first folder in order, then the first name in byte order', () => {
    const got = read([
      ['usr/share/buildinfo/a.json', manifest(['third-folder'])],
      ['usr/share/buildinfo/content_manifests/a.json', manifest(['second-folder'])],
      ['root/buildinfo/content_manifests/b.json', manifest(['first-folder-b'])],
      ['root/buildinfo/content_manifests/B.json', manifest(['first-folder-B'])],
    ]);
    assert.deepEqual(got?.contentSets, ['first-folder-B']);
    assert.deepEqual(
      read([
        ['usr/share/buildinfo/a.json', manifest(['third-folder'])],
        ['usr/share/buildinfo/content_manifests/z.json', manifest(['second-folder'])],
      ])?.contentSets,
      ['second-folder'],
    );
  });

  it('counts a file that is not JSON as no manifest, with a warning', () => {
    const { log, entries } = captureLog();
    const path = 'root/buildinfo/content_manifests/ubi8.json';
    assert.equal(
      read(
        [
          [path, 'File replaced by RapidFort'],
          ['usr/share/buildinfo/a.json', '{}'],
        ],
        log,
      ),
      undefined,
    );
    assert.deepEqual(
      entries.map((e) => [e.level, e.msg, e.path]),
      [['warn', 'content manifest skip: not JSON', path]],
    );
  });

  it('reads JSON null as a manifest with no content sets', () => {
    assert.deepEqual(read([['usr/share/buildinfo/a.json', 'null']]), { contentSets: [], fromDnfHint: false });
  });

  for (const [name, text, message] of [
    ['a list', '[]', 'want a JSON object'],
    ['content sets that are not strings', '{"content_sets":[1]}', 'content_sets: want a list of strings'],
    ['a DNF hint that is not a boolean', '{"from_dnf_hint":"yes"}', 'from_dnf_hint: want true or false'],
  ]) {
    it(`rejects ${name}, naming the file`, () => {
      assert.throws(
        () => read([['usr/share/buildinfo/a.json', text as string]]),
        (err: Error) =>
          err instanceof InvalidInputError &&
          err.message === `content manifest usr/share/buildinfo/a.json: ${message}`,
      );
    });
  }

  it('sends the repositories to the DNF history when there is no manifest or it says so', () => {
    assert.equal(usesDnfHistory(undefined), true);
    assert.equal(usesDnfHistory({ contentSets: ['a'], fromDnfHint: true }), true);
    assert.equal(usesDnfHistory({ contentSets: ['a'], fromDnfHint: false }), false);
  });
});
