import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../../../lib/errors.ts';
import { matchRoute, type Route } from '../../../lib/http/router.ts';

const handler = async () => ({ status: 204 });

const reports: Route = { path: '/indexer/api/v1/index_report', methods: { POST: handler } };
const report: Route = { path: '/indexer/api/v1/index_report/{digest}', methods: { GET: handler } };
const affected: Route = { path: '/indexer/api/v1/internal/affected_manifest/', methods: { POST: handler } };
const twoParams: Route = { path: '/a/{first}/b/{second}', methods: { GET: handler } };
const routes = [reports, report, affected, twoParams];

describe('matchRoute', () => {
  const cases: { name: string; path: string; want: ReturnType<typeof matchRoute> }[] = [
    {
      name: 'matches a path without parameters',
      path: '/indexer/api/v1/index_report',
      want: { route: reports, params: {} },
    },
    {
      name: 'captures a parameter segment',
      path: '/indexer/api/v1/index_report/sha256:abc',
      want: { route: report, params: { digest: 'sha256:abc' } },
    },
    {
      name: 'captures several parameters',
      path: '/a/1/b/2',
      want: { route: twoParams, params: { first: '1', second: '2' } },
    },
    {
      name: 'matches with a trailing slash the pattern lacks',
      path: '/indexer/api/v1/index_report/',
      want: { route: reports, params: {} },
    },
    {
      name: 'matches without a trailing slash the pattern has',
      path: '/indexer/api/v1/internal/affected_manifest',
      want: { route: affected, params: {} },
    },
    {
      name: 'percent-decodes parameters',
      path: '/indexer/api/v1/index_report/sha256%3Aabc%2Fdef',
      want: { route: report, params: { digest: 'sha256:abc/def' } },
    },
    { name: 'answers undefined for an unknown path', path: '/indexer/api/v1/nothing', want: undefined },
    {
      name: 'answers undefined for an extra segment',
      path: '/indexer/api/v1/index_report/a/b',
      want: undefined,
    },
    { name: 'answers undefined for an empty parameter', path: '/a//b/2', want: undefined },
    { name: 'answers undefined for the root', path: '/', want: undefined },
  ];
  for (const { name, path, want } of cases) {
    it(name, () => {
      assert.deepEqual(matchRoute(routes, path), want);
    });
  }

  it('rejects a parameter with bad percent-encoding', () => {
    assert.throws(
      () => matchRoute(routes, '/indexer/api/v1/index_report/sha256%zz'),
      (err) =>
        err instanceof InvalidInputError &&
        err.message === 'path segment "sha256%zz" is not valid percent-encoding',
    );
  });
});
