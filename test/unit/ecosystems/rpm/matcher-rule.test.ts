import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsMatcher } from '../../../../lib/ecosystems/aws/matcher.ts';
import { oracleMatcher } from '../../../../lib/ecosystems/oracle/matcher.ts';
import { photonMatcher } from '../../../../lib/ecosystems/photon/matcher.ts';
import { archMatches } from '../../../../lib/ecosystems/rpm/arch-op.ts';
import { rpmVulnerable } from '../../../../lib/ecosystems/rpm/matcher-rule.ts';
import { suseMatcher } from '../../../../lib/ecosystems/suse/matcher.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import type { MatchRecord } from '../../../../lib/matcher/types.ts';
import { advisory, dist, record } from '../../../helpers/match-record.ts';

const PHOTON_3 = dist({ did: 'photon', name: 'VMware Photon OS', version: '3.0', version_id: '3.0' });

const installed = (version: string, arch?: string): MatchRecord => {
  const r = record(version, { distribution: PHOTON_3 });
  return { ...r, package: { ...r.package, ...(arch === undefined ? {} : { arch }) } };
};

const vuln = (fixed: string, pkg: { version?: string; arch?: string } = {}, arch_op?: string) => {
  const a = advisory(fixed);
  return {
    ...a,
    package: { ...a.package, version: pkg.version ?? '', ...(pkg.arch ? { arch: pkg.arch } : {}) },
    ...(arch_op ? { arch_op } : {}),
  };
};

describe('the rpm rule', () => {
  it('finds a package vulnerable below the fixed EVR, epochs, tildes and releases in rpm order', () => {
    for (const [version, fixed, want] of [
      ['1.1.1g-3.ph3', '1.1.1g-4.ph3', true],
      ['1.1.1g-4.ph3', '1.1.1g-4.ph3', false],
      ['1.1.1h-1.ph3', '1.1.1g-4.ph3', false],
      ['1.0-1', '1:0.9-1', true],
      ['1:1.0-1', '0:2.0-1', false],
      ['2.0~rc1-1', '2.0-1', true],
      ['2.0^post1-1', '2.0-1', false],
    ] as const) {
      assert.equal(rpmVulnerable(installed(version), vuln(fixed)), want, `${version} < ${fixed}`);
    }
  });

  it('without a fix, takes the affected version as the last vulnerable one, else everything', () => {
    assert.equal(rpmVulnerable(installed('1.2-3'), vuln('', { version: '1.2-3' })), true);
    assert.equal(rpmVulnerable(installed('1.2-4'), vuln('', { version: '1.2-3' })), false);
    assert.equal(rpmVulnerable(installed('99:9999-1'), vuln('')), true);
  });

  it('applies the advisory only to the architectures its operation names', () => {
    assert.equal(
      rpmVulnerable(installed('1.0-1', 'x86_64'), vuln('2.0-1', { arch: 'x86_64' }, 'equals')),
      true,
    );
    assert.equal(
      rpmVulnerable(installed('1.0-1', 'aarch64'), vuln('2.0-1', { arch: 'x86_64' }, 'equals')),
      false,
    );
    assert.equal(
      rpmVulnerable(
        installed('1.0-1', 'aarch64'),
        vuln('2.0-1', { arch: 'x86_64|aarch64' }, 'pattern match'),
      ),
      true,
    );
  });

  it("follows claircore's ArchOp.Cmp: empty advisory arch always, empty package arch never, unanchored patterns", () => {
    for (const [op, pkg, adv, want] of [
      [undefined, '', '', true],
      ['equals', 'x86_64', '', true],
      ['equals', '', 'x86_64', false],
      ['equals', 'x86_64', 'x86_64', true],
      ['not equals', 'x86_64', 'noarch', true],
      ['not equals', 'noarch', 'noarch', false],
      ['pattern match', 'x86_64', '86', true],
      ['pattern match', 'x86_64', '^86', false],
      ['pattern match', 'x86_64', '(', false],
      [undefined, 'x86_64', 'x86_64', false],
    ] as const) {
      assert.equal(archMatches(op, pkg, adv), want, `${op} ${pkg} ${adv}`);
    }
  });

  it('fails an installed version that is not an rpm EVR, naming it', () => {
    assert.throws(
      () => rpmVulnerable(installed('1.0'), vuln('1.1-1')),
      (err: Error) => err instanceof InvalidInputError && err.message.includes('"1.0"'),
    );
  });
});

describe('RPM distribution matchers', () => {
  it('each takes its own distribution by id or name, and asks for its place as claircore does', () => {
    const cases = [
      [
        photonMatcher,
        'photon',
        [{ did: 'photon' }],
        [{ name: 'VMware Photon OS' }],
        ['dist_id', 'dist_name', 'dist_version'],
      ],
      [
        oracleMatcher,
        'oracle',
        [{ did: 'ol' }, { name: 'Oracle Linux Server' }],
        [{ did: 'rhel' }],
        ['dist_id', 'dist_name', 'dist_version'],
      ],
      [
        suseMatcher,
        'suse',
        [{ did: 'sles' }, { did: 'opensuse-leap' }, { name: 'openSUSE Leap' }, { name: 'SLES' }],
        [{ did: 'suse' }],
        ['dist_id', 'dist_name', 'dist_version'],
      ],
      [
        awsMatcher,
        'aws-matcher',
        [{ did: 'amzn' }, { name: 'Amazon Linux' }, { name: 'Amazon Linux AMI' }],
        [{ did: 'amazon' }],
        ['dist_id', 'dist_version_id'],
      ],
    ] as const;
    for (const [matcher, name, takes, refuses, query] of cases) {
      assert.equal(matcher.name, name);
      assert.deepEqual(matcher.query, query);
      for (const fields of takes)
        assert.equal(
          matcher.filter(record('1-1', { distribution: dist(fields) })),
          true,
          `${name} ${JSON.stringify(fields)}`,
        );
      for (const fields of refuses)
        assert.equal(
          matcher.filter(record('1-1', { distribution: dist(fields) })),
          false,
          `${name} ${JSON.stringify(fields)}`,
        );
      assert.equal(matcher.filter(record('1-1')), false);
      assert.equal(matcher.vulnerable, rpmVulnerable);
    }
  });
});
