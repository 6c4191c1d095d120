import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../lib/errors.ts';
import { configuredMatchers, registeredMatchers, reverseMatchers } from '../../../lib/matcher/registry.ts';

const names = (list: readonly { name: string }[]) => list.map((m) => m.name);

describe('matcher registry', () => {
  it('enables every registered matcher but the opt-in nodejs when matchers.names is not given', () => {
    const all = names(registeredMatchers());
    assert.deepEqual(
      names(configuredMatchers({ names: null, config: {} })),
      all.filter((n) => n !== 'nodejs'),
    );
    assert.ok(all.includes('nodejs'));
    for (const name of [
      'debian-matcher',
      'ubuntu-matcher',
      'alpine-matcher',
      'python',
      'java-maven',
      'ruby-gem',
      'gobin',
      'photon',
      'oracle',
      'suse',
      'aws-matcher',
    ])
      assert.ok(all.includes(name), name);
  });

  it('enables exactly the matchers named, in that order, and none for []', () => {
    assert.deepEqual(names(configuredMatchers({ names: ['nodejs', 'alpine-matcher'], config: {} })), [
      'nodejs',
      'alpine-matcher',
    ]);
    assert.deepEqual(configuredMatchers({ names: [], config: {} }), []);
  });

  it('fails an unknown name, listing the known ones', () => {
    assert.throws(
      () => configuredMatchers({ names: ['rhel-matcher'], config: {} }),
      (err: Error) =>
        err instanceof ConfigError &&
        /matchers.names: unknown matcher "rhel-matcher" \(known: debian-matcher, /.test(err.message),
    );
  });

  it('tries every default matcher in reverse lookups whatever matchers.names says, and opt-in ones only when named', () => {
    const defaults = names(configuredMatchers({ names: null, config: {} }));
    assert.deepEqual(names(reverseMatchers({ names: ['alpine-matcher'], config: {} })), defaults);
    assert.deepEqual(names(reverseMatchers({ names: null, config: {} })), defaults);
    assert.ok(names(reverseMatchers({ names: ['nodejs'], config: {} })).includes('nodejs'));
  });
});
