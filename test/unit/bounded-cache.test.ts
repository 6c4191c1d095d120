import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundedCache } from '../../lib/bounded-cache.ts';

describe('bounded cache', () => {
  it('drops the oldest entries past its capacity', () => {
    const cache = boundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    assert.deepEqual(
      ['a', 'b', 'c'].map((k) => cache.get(k)),
      [undefined, 2, 3],
    );
  });

  it('weighs entries, and counts a replaced entry once', () => {
    const cache = boundedCache<string, string[]>(4, (v) => v.length);
    cache.set('a', ['x', 'y']);
    cache.set('a', ['x', 'y']);
    cache.set('b', ['z', 'w']);
    assert.deepEqual(
      [cache.get('a'), cache.get('b')],
      [
        ['x', 'y'],
        ['z', 'w'],
      ],
    );
    cache.set('c', ['v']);
    assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('c')], [undefined, ['z', 'w'], ['v']]);
  });

  it('starts empty again after clear', () => {
    const cache = boundedCache<string, number>(1);
    cache.set('a', 1);
    cache.clear();
    cache.set('b', 2);
    assert.deepEqual([cache.get('a'), cache.get('b')], [undefined, 2]);
  });
});
