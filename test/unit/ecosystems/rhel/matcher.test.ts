import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rhelMatcher } from '../../../../lib/ecosystems/rhel/matcher.ts';
import { ConfigError } from '../../../../lib/errors.ts';
import { configuredMatchers } from '../../../../lib/matcher/registry.ts';
import { advisory, record } from '../../../helpers/match-record.ts';

const BASEOS = {
  key: 'rhel-cpe-repository',
  name: 'cpe:/o:redhat:enterprise_linux:8::baseos',
  cpe: 'cpe:2.3:o:redhat:enterprise_linux:8:*:baseos:*:*:*:*:*',
};

const vex = (fixed: string, repoName: string, key = 'rhel-cpe-repository') => {
  const a = advisory(fixed);
  return { ...a, repository: { ...a.repository, key, name: repoName } };
};

describe('the rhel matcher', () => {
  it('takes only packages from Red Hat CPE repositories', () => {
    assert.equal(rhelMatcher.filter(record('1.0-1', { repository: BASEOS })), true);
    assert.equal(rhelMatcher.filter(record('1.0-1', { repository: { name: 'go', key: '' } })), false);
    assert.equal(rhelMatcher.filter(record('1.0-1')), false);
  });

  it("applies an advisory whose CPE covers the package's repository, then the rpm rule", () => {
    const pkg = record('1.2-3.el8', { repository: BASEOS });
    for (const [cpe, fixed, want] of [
      // The product CPE of RHEL 8 covers BaseOS; a fix above the installed version applies.
      ['cpe:2.3:o:redhat:enterprise_linux:8:*:*:*:*:*:*:*', '1.2-4.el8', true],
      ['cpe:2.3:o:redhat:enterprise_linux:8:*:baseos:*:*:*:*:*', '1.2-4.el8', true],
      ['cpe:2.3:o:redhat:enterprise_linux:8:*:baseos:*:*:*:*:*', '1.2-3.el8', false],
      ['cpe:2.3:o:redhat:enterprise_linux:8:*:baseos:*:*:*:*:*', '', true],
      // Another stream, another release, another product: not this repository.
      ['cpe:2.3:a:redhat:enterprise_linux:8:*:appstream:*:*:*:*:*', '1.2-4.el8', false],
      ['cpe:2.3:o:redhat:enterprise_linux:9:*:*:*:*:*:*:*', '1.2-4.el8', false],
      // Red Hat's prefix CPEs: `…:enterprise_linux` covers every release.
      ['cpe:/o:redhat:enterprise_linux', '1.2-4.el8', true],
      // An advisory CPE that does not read as one covers nothing.
      ['not a cpe', '1.2-4.el8', false],
    ] as const) {
      assert.equal(rhelMatcher.vulnerable(pkg, vex(fixed, cpe), undefined), want, `${cpe} fixed ${fixed}`);
    }
    assert.equal(
      rhelMatcher.vulnerable(pkg, vex('1.2-4.el8', BASEOS.name, 'rhcc-container-repository'), undefined),
      false,
    );
  });

  it('leaves unpatched advisories to the database when ignore_unpatched is set', () => {
    const config = (raw: Record<string, unknown>) =>
      configuredMatchers({ names: ['rhel'], config: { rhel: raw } })[0]?.query;
    assert.deepEqual(config({}), ['package_module', 'repo_key']);
    assert.deepEqual(config({ ignore_unpatched: true }), [
      'package_module',
      'repo_key',
      'has_fixed_in_version',
    ]);
    assert.throws(
      () => config({ ignore_unpatched: 'yes' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /matchers\.config\.rhel\.ignore_unpatched: want true or false/.test(err.message),
    );
    assert.throws(() => config({ ignore: true }), /matchers\.config\.rhel\.ignore: unknown key/);
  });
});
