import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRepositoryCpeMapping } from '../../../../lib/ecosystems/rhel/repository-cpe-mapping.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';

const WHERE = 'https://security.access.redhat.com/data/metrics/repository-to-cpe.json';

describe('repository-to-cpe mapping', () => {
  it('maps each repoid to its CPEs as written, ignoring other fields', () => {
    // The shape of Red Hat's file: each entry may carry more than its CPEs.
    const got = parseRepositoryCpeMapping(
      {
        data: {
          'rhel-8-for-x86_64-baseos-rpms': {
            cpes: ['cpe:/o:redhat:enterprise_linux:8::baseos', 'cpe:/o:redhat:rhel_eus:8.8::baseos'],
            repo_relative_urls: ['content/dist/rhel8/8/x86_64/baseos/os'],
          },
          'empty-repo': { cpes: [] },
          'no-cpes': {},
        },
      },
      WHERE,
    );
    assert.deepEqual(
      got,
      new Map([
        [
          'rhel-8-for-x86_64-baseos-rpms',
          ['cpe:/o:redhat:enterprise_linux:8::baseos', 'cpe:/o:redhat:rhel_eus:8.8::baseos'],
        ],
        ['empty-repo', []],
        ['no-cpes', []],
      ]),
    );
  });

  for (const [name, json, message] of [
    ['no data', { repos: {} }, 'want {"data": {…}}'],
    ['a list', [], 'want {"data": {…}}'],
    [
      'an entry that is not an object',
      { data: { r: ['cpe:/o:redhat:x'] } },
      'data.r: want {"cpes": [strings]}',
    ],
    ['CPEs that are not strings', { data: { r: { cpes: [1] } } }, 'data.r: want {"cpes": [strings]}'],
  ] as const) {
    it(`rejects ${name}, naming where`, () => {
      assert.throws(
        () => parseRepositoryCpeMapping(json, WHERE),
        (err: Error) =>
          err instanceof InvalidInputError &&
          err.message === `repository-to-cpe mapping ${WHERE}: ${message}`,
      );
    });
  }
});
