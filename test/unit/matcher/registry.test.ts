import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { parseConfig } from '../../../lib/config/load.ts';
import { ConfigError } from '../../../lib/errors.ts';
import { createMatcherApi } from '../../../lib/matcher/api.ts';
import { configuredMatchers, registeredMatchers, reverseMatchers } from '../../../lib/matcher/registry.ts';
import { captureLog } from '../../helpers/log.ts';

const names = (list: readonly { name: string }[]) => list.map((m) => m.name);

describe('matcher registry', () => {
  it('enables every registered matcher, nodejs included, when matchers.names is not given', () => {
    const all = names(registeredMatchers());
    assert.deepEqual(names(configuredMatchers({ names: null, config: {} })), all);
    for (const name of [
      'nodejs',
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

  it('fails settings for no registered matcher, naming the key and the known matchers', () => {
    for (const names of [null, ['rhel'], []]) {
      assert.throws(
        () => configuredMatchers({ names, config: { rhell: { ignore_unpatched: true } } }),
        (err: Error) =>
          err instanceof ConfigError &&
          /^matchers\.config\.rhell: unknown matcher \(known: debian-matcher, .*\brhel\b/.test(err.message),
      );
    }
  });

  it('fails settings for a matcher that takes none, and takes an empty mapping for one', () => {
    assert.throws(
      () => configuredMatchers({ names: null, config: { suse: { foo: 1 } } }),
      (err: Error) =>
        err instanceof ConfigError &&
        err.message === 'matchers.config.suse: the suse matcher takes no settings',
    );
    assert.throws(() => reverseMatchers({ names: null, config: { suse: { foo: 1 } } }), ConfigError);
    // `suse:` with nothing under it reads as {}: nothing is ignored.
    assert.ok(names(configuredMatchers({ names: null, config: { suse: {} } })).includes('suse'));
  });

  it('stops the matcher-api at start-up on such settings', async () => {
    const { config } = parseConfig('matchers:\n  config:\n    suse:\n      foo: true\n', 'test.yaml', {});
    // Never connected: the routes are made before any query.
    const db = new pg.Pool();
    assert.throws(
      () => createMatcherApi({ config, log: captureLog().log, db }),
      /^ConfigError: matchers\.config\.suse: the suse matcher takes no settings$/,
    );
    await db.end();
  });

  it('tries every registered matcher in reverse lookups whatever matchers.names says', () => {
    const all = names(registeredMatchers());
    assert.deepEqual(names(reverseMatchers({ names: ['alpine-matcher'], config: {} })), all);
    assert.deepEqual(names(reverseMatchers({ names: null, config: {} })), all);
    assert.deepEqual(names(reverseMatchers({ names: [], config: {} })), all);
    assert.ok(all.includes('nodejs'));
  });

  it('fails an unknown name in reverse lookups too', () => {
    assert.throws(() => reverseMatchers({ names: ['rhel-matcher'], config: {} }), ConfigError);
  });
});
