import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rhccMatcher } from '../../../../lib/ecosystems/rhcc/matcher.ts';
import { repositoryCpeMatches } from '../../../../lib/ecosystems/rhel/cpe-check.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import type { MatchRecord } from '../../../../lib/matcher/types.ts';
import { advisory, record } from '../../../helpers/match-record.ts';

const GOLD = {
  name: 'Red Hat Container Catalog',
  key: 'rhcc-container-repository',
  uri: 'https://catalog.redhat.com/software/containers/explore',
};
const GITOPS_CPE = 'cpe:2.3:a:redhat:openshift_gitops:1.16:*:el8:*:*:*:*:*';
const GITOPS = { name: GITOPS_CPE, key: 'rhcc-container-repository', cpe: GITOPS_CPE };

const image = (version: string, repository: Partial<MatchRecord['repository']> = GOLD): MatchRecord =>
  record(version, { repository, normalized: 'rhctag:3.5.0.0.0.0.0.0.0.0' });

const vuln = (fixed: string, cpe = 'cpe:/a:redhat:quay:3') => {
  const a = advisory(fixed);
  return { ...a, repository: { name: cpe, key: 'rhcc-container-repository' } };
};

describe('rhel-container-matcher', () => {
  it("is claircore's: records of the rhcc repository key, queried by repository key, version-filtered but not authoritative", () => {
    assert.equal(rhccMatcher.name, 'rhel-container-matcher');
    assert.deepEqual(rhccMatcher.query, ['repo_key']);
    assert.deepEqual(rhccMatcher.versionFilter, { authoritative: false });
    assert.equal(rhccMatcher.filter(image('v3.5.6-4')), true);
    assert.equal(rhccMatcher.filter(image('v3.5.6-4', { key: 'rhel-cpe-repository' })), false);
    assert.equal(rhccMatcher.filter(record('v3.5.6-4')), false);
  });

  it('compares tags in rpm order, a tag without release read as release 0', () => {
    for (const [installed, fixed, want] of [
      ['v3.5.6-4', 'v3.5.7-8', true],
      ['v3.5.7-8', 'v3.5.7-8', false],
      ['v3.5.7-9', 'v3.5.7-8', false],
      ['1.3-100', '1.3-99', false],
      ['1.3-99', '1.3-100', true],
      ['1744596866', '1744596867', true],
      ['1744596866', '1744596866', false],
      ['1744596866', '1744596866-1', true],
      ['v4.6.0-202112132021.p0.g2a13a81.assembly.stream', 'v4.6.0-202201010000.p0', true],
    ] as const) {
      assert.equal(rhccMatcher.vulnerable(image(installed), vuln(fixed)), want, `${installed} < ${fixed}`);
    }
  });

  it('finds every version vulnerable to an advisory without a fix', () => {
    assert.equal(rhccMatcher.vulnerable(image('v99.0-1'), vuln('')), true);
  });

  it('fails on a record without a version', () => {
    assert.throws(() => rhccMatcher.vulnerable(image(''), vuln('1.0-1')), InvalidInputError);
  });

  it('skips the CPE check for the legacy catalog repository', () => {
    assert.equal(rhccMatcher.vulnerable(image('1.0-1'), vuln('2.0-1', 'not a cpe')), true);
  });

  it("needs the advisory's CPE to cover the image's otherwise", () => {
    const gitops = image('1.16-1', GITOPS);
    for (const [cpe, want] of [
      ['cpe:/a:redhat:openshift_gitops:1.16::el8', true],
      ['cpe:/a:redhat:openshift_gitops:1', true],
      ['cpe:/a:redhat:openshift_gitops', true],
      ['cpe:/a:redhat:openshift_gitops:1.15::el8', false],
      ['cpe:/a:redhat:quay:3', false],
      ['not a cpe', false],
    ] as const) {
      assert.equal(rhccMatcher.vulnerable(gitops, vuln('1.16-2', cpe)), want, cpe);
    }
  });
});

describe('repositoryCpeMatches', () => {
  it('takes a superset under CPE name matching or a prefix as Red Hat writes them', () => {
    const record = 'cpe:2.3:o:redhat:enterprise_linux:8:*:baseos:*:*:*:*:*';
    assert.equal(repositoryCpeMatches(record, 'cpe:/o:redhat:enterprise_linux:8::baseos'), true);
    assert.equal(repositoryCpeMatches(record, 'cpe:/o:redhat:enterprise_linux:8'), true);
    assert.equal(repositoryCpeMatches(record, 'cpe:/o:redhat:enterprise_linux'), true);
    assert.equal(repositoryCpeMatches(record, 'cpe:/o:redhat:enterprise_linux:9'), false);
    assert.equal(repositoryCpeMatches(record, 'cpe:/a:redhat:enterprise_linux:8::appstream'), false);
  });

  it('finds nothing covered by or covering an unreadable CPE', () => {
    assert.equal(repositoryCpeMatches('', 'cpe:/o:redhat:enterprise_linux:8'), false);
    assert.equal(repositoryCpeMatches('cpe:/o:redhat:enterprise_linux:8', 'nonsense'), false);
  });
});
