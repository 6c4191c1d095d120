import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { queryEscape, repoidOf, withRepoid } from '../../../../lib/ecosystems/rhel/query-string.ts';

describe('rhel query strings', () => {
  // Go's url.QueryEscape output for each input.
  const escapes: [string, string][] = [
    ['rhel-9-for-x86_64-appstream-rpms', 'rhel-9-for-x86_64-appstream-rpms'],
    ['a b', 'a+b'],
    ["a~b.c!d*e'f(g)h", 'a~b.c%21d%2Ae%27f%28g%29h'],
    ['sha256:ab/cd', 'sha256%3Aab%2Fcd'],
    ['é', '%C3%A9'],
  ];
  for (const [text, want] of escapes) {
    it(`escapes ${JSON.stringify(text)} as Go's QueryEscape does`, () =>
      assert.equal(queryEscape(text), want));
  }

  it('adds a repoid with the keys sorted, as claircore writes the hint', () => {
    // claircore internal/dnf/dnf_test.go, TestWrap.
    assert.equal(
      withRepoid('something=nothing', 'rhel-9-for-x86_64-appstream-rpms'),
      'repoid=rhel-9-for-x86_64-appstream-rpms&something=nothing',
    );
    assert.equal(withRepoid('', 'baseos'), 'repoid=baseos');
    assert.equal(
      withRepoid('key=199e2f91fd431d51&hash=sha256%3Aabc', 'baseos'),
      'hash=sha256%3Aabc&key=199e2f91fd431d51&repoid=baseos',
    );
  });

  it('keeps each repoid once, sorted', () => {
    assert.equal(withRepoid('repoid=b', 'a'), 'repoid=a&repoid=b');
    assert.equal(withRepoid('repoid=a', 'a'), 'repoid=a');
  });

  it('reads the first repoid of a hint or URI, "" when there is none', () => {
    assert.equal(repoidOf('repoid=rhel-8-baseos'), 'rhel-8-baseos');
    assert.equal(repoidOf('hash=x&repoid=a+b&repoid=c'), 'a b');
    assert.equal(repoidOf('hash=x'), '');
    assert.equal(repoidOf(''), '');
  });
});
