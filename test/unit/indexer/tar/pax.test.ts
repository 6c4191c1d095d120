import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LayerFormatError } from '../../../../lib/indexer/errors.ts';
import { type PaxOverrides, parsePax } from '../../../../lib/indexer/tar/pax.ts';
import { paxRecord } from '../tar-build.ts';

describe('parsePax', () => {
  const cases: { name: string; records: string; want: PaxOverrides }[] = [
    {
      name: 'reads path',
      records: paxRecord('path', 'usr/lib/os-release'),
      want: { path: 'usr/lib/os-release' },
    },
    { name: 'reads linkpath', records: paxRecord('linkpath', '../lib'), want: { linkTarget: '../lib' } },
    { name: 'reads size', records: paxRecord('size', '10737418240'), want: { size: 10737418240 } },
    {
      name: 'ignores keys that do not change the entry',
      records: paxRecord('mtime', '1687542599.98') + paxRecord('uname', 'root') + paxRecord('path', 'a'),
      want: { path: 'a' },
    },
    { name: 'keeps = inside a value', records: paxRecord('path', 'a=b=c'), want: { path: 'a=b=c' } },
    {
      name: 'counts the length in bytes of UTF-8',
      records: paxRecord('path', 'caf\u00e9/\u{1f600}'),
      want: { path: 'caf\u00e9/\u{1f600}' },
    },
    { name: 'keeps a newline inside a value', records: paxRecord('path', 'a\nb'), want: { path: 'a\nb' } },
    {
      name: 'lets a later record win',
      records: paxRecord('path', 'one') + paxRecord('path', 'two'),
      want: { path: 'two' },
    },
    { name: 'reads no records from no bytes', records: '', want: {} },
  ];
  for (const { name, records, want } of cases) {
    it(name, () => {
      assert.deepEqual(parsePax(Buffer.from(records), 3), want);
    });
  }

  const bad: { name: string; records: string; message: string }[] = [
    {
      name: 'a length past the end',
      records: '30 path=a\n',
      message: 'tar entry 3: malformed PAX record at byte 0',
    },
    {
      name: 'a length that is not a number',
      records: 'x path=a\n',
      message: 'tar entry 3: malformed PAX record at byte 0',
    },
    { name: 'no length at all', records: 'path=a\n', message: 'tar entry 3: malformed PAX record at byte 0' },
    {
      name: 'a size that is negative',
      records: paxRecord('size', '-5'),
      message: 'tar entry 3: PAX size "-5" is invalid',
    },
    {
      name: 'a size that is not a number',
      records: paxRecord('size', 'ten'),
      message: 'tar entry 3: PAX size "ten" is invalid',
    },
  ];
  for (const { name, records, message } of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => parsePax(Buffer.from(records), 3),
        (err) => {
          assert.ok(err instanceof LayerFormatError);
          assert.equal(err.message, message);
          return true;
        },
      );
    });
  }
});
