import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../../../lib/errors.ts';
import { UnsupportedMediaTypeError } from '../../../lib/http/errors.ts';
import { MEDIA_TYPES } from '../../../lib/http/media-types.ts';
import { negotiate, parseAccept } from '../../../lib/http/negotiate.ts';

const VND = 'application/vnd.clair.index_report.v1+json';
const JSON_TYPE = 'application/json';

describe('parseAccept', () => {
  const cases: { name: string; header: string; want: ReturnType<typeof parseAccept> }[] = [
    {
      name: 'reads one media range with the default weight',
      header: 'application/json',
      want: [{ type: 'application', subtype: 'json', q: 1 }],
    },
    {
      name: 'sorts entries by descending q',
      header: 'text/plain;q=0.5, application/json, */*;q=0.1',
      want: [
        { type: 'application', subtype: 'json', q: 1 },
        { type: 'text', subtype: 'plain', q: 0.5 },
        { type: '*', subtype: '*', q: 0.1 },
      ],
    },
    {
      name: 'keeps the client order for equal q',
      header: 'text/plain;q=0.5, application/xml;q=0.5, application/json;q=0.5',
      want: [
        { type: 'text', subtype: 'plain', q: 0.5 },
        { type: 'application', subtype: 'xml', q: 0.5 },
        { type: 'application', subtype: 'json', q: 0.5 },
      ],
    },
    {
      name: 'keeps q=0 entries for the caller to exclude',
      header: 'application/json;q=0',
      want: [{ type: 'application', subtype: 'json', q: 0 }],
    },
    {
      name: 'lower-cases types and ignores parameters other than q',
      header: 'Text/HTML ; level=1 ; Q=0.3',
      want: [{ type: 'text', subtype: 'html', q: 0.3 }],
    },
    {
      name: 'skips empty entries',
      header: 'application/json,, ',
      want: [{ type: 'application', subtype: 'json', q: 1 }],
    },
  ];
  for (const { name, header, want } of cases) {
    it(name, () => {
      assert.deepEqual(parseAccept(header), want);
    });
  }

  const malformed: { name: string; header: string; message: RegExp }[] = [
    { name: 'a type without a subtype', header: 'text', message: /"text" is not a media range/ },
    { name: 'a range with two slashes', header: 'a/b/c', message: /"a\/b\/c" is not a media range/ },
    { name: 'an empty subtype', header: 'text/', message: /"text\/" is not a media range/ },
    { name: 'a wildcard type with a concrete subtype', header: '*/json', message: /"\*\/json"/ },
    { name: 'q above 1', header: 'application/json;q=2', message: /q=2 is not between 0 and 1/ },
    { name: 'q that is not a number', header: 'application/json;q=high', message: /q=high/ },
    { name: 'q with more than three decimals', header: 'application/json;q=0.1234', message: /q=0.1234/ },
  ];
  for (const { name, header, message } of malformed) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => parseAccept(header),
        (err) => err instanceof InvalidInputError && message.test(err.message),
      );
    });
  }
});

describe('negotiate', () => {
  const offered = MEDIA_TYPES.indexReport;
  const cases: { name: string; accept: string | undefined; offered?: readonly string[]; want: string }[] = [
    { name: 'answers the first offered type without an Accept header', accept: undefined, want: VND },
    { name: 'answers the first offered type for an empty Accept header', accept: '', want: VND },
    { name: 'answers application/json when asked for it', accept: 'application/json', want: JSON_TYPE },
    { name: 'answers the vendor type when asked for it', accept: VND, want: VND },
    { name: 'matches media types case-insensitively', accept: 'Application/JSON', want: JSON_TYPE },
    { name: 'answers the first offered type for */*', accept: '*/*', want: VND },
    {
      name: 'answers the first offered type of the family for application/*',
      accept: 'application/*',
      offered: ['text/plain', 'application/json'],
      want: 'application/json',
    },
    { name: 'prefers the entry with the higher q', accept: `application/json;q=0.5, ${VND}`, want: VND },
    {
      name: 'prefers the earlier entry when q is equal',
      accept: `application/json, ${VND}`,
      want: JSON_TYPE,
    },
    {
      name: 'skips entries that match nothing offered',
      accept: 'text/html, application/json',
      want: JSON_TYPE,
    },
    {
      name: 'excludes a type refused with q=0 when a wildcard also matches it',
      accept: 'application/json;q=0, application/*;q=0.2',
      offered: ['application/json', 'application/yaml'],
      want: 'application/yaml',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(negotiate(c.accept, c.offered ?? offered), c.want);
    });
  }

  it('rejects an Accept header that matches nothing offered with the offered types named', () => {
    assert.throws(
      () => negotiate('text/html', offered),
      (err) =>
        err instanceof UnsupportedMediaTypeError &&
        err.message ===
          `no acceptable media type for Accept "text/html": this resource is available as ${VND}, ${JSON_TYPE}`,
    );
  });

  it('rejects an Accept header whose only match has q=0', () => {
    assert.throws(() => negotiate('application/json;q=0', offered), UnsupportedMediaTypeError);
  });

  const malformed = ['text', 'a/b/c', 'application/json;q=2'];
  for (const accept of malformed) {
    it(`rejects the malformed Accept header ${JSON.stringify(accept)}`, () => {
      assert.throws(() => negotiate(accept, offered), InvalidInputError);
    });
  }
});
