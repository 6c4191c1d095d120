import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpeHasPrefix, cpeIsSuperset } from '../../../lib/cpe/match.ts';
import { formatCpe, normalizeCpe, parseCpe, wireCpe } from '../../../lib/cpe/wfn.ts';
import { InvalidInputError } from '../../../lib/errors.ts';
import { parseRhcTag, rhcTagStream } from '../../../lib/versions/rhctag.ts';

describe('CPE names', () => {
  it('binds 2.2 URIs as the 2.3 formatted strings claircore stores', () => {
    // Given the repository CPEs of claircore's rhacs-main-rhel8 index report
    const cases = [
      ['cpe:/o:redhat:enterprise_linux:8::baseos', 'cpe:2.3:o:redhat:enterprise_linux:8:*:baseos:*:*:*:*:*'],
      [
        'cpe:/a:redhat:enterprise_linux:8::appstream',
        'cpe:2.3:a:redhat:enterprise_linux:8:*:appstream:*:*:*:*:*',
      ],
      ['cpe:/o:redhat:enterprise_linux:8', 'cpe:2.3:o:redhat:enterprise_linux:8:*:*:*:*:*:*:*'],
      ['cpe:/a:redhat:rhel_eus:8.6::appstream', 'cpe:2.3:a:redhat:rhel_eus:8.6:*:appstream:*:*:*:*:*'],
      [
        'cpe:/a:oracle:linux:8:-:~~~~~userspace_ksplice',
        'cpe:2.3:a:oracle:linux:8:-:*:*:*:*:*:userspace_ksplice',
      ],
      ['cpe:/a:redhat:openshift:4.13::el8', 'cpe:2.3:a:redhat:openshift:4.13:*:el8:*:*:*:*:*'],
    ];
    // Then each binds to the formatted string, which reads back to itself
    for (const [uri, formatted] of cases) {
      assert.equal(normalizeCpe(uri as string), formatted, uri);
      assert.equal(normalizeCpe(formatted as string), formatted, formatted);
    }
    assert.equal(normalizeCpe(''), '');
  });

  it('writes reports with formatted strings, and junk as it was found', () => {
    assert.equal(wireCpe('cpe:/o:amazon:linux:2'), 'cpe:2.3:o:amazon:linux:2:*:*:*:*:*:*:*');
    assert.equal(wireCpe('not a cpe'), 'not a cpe');
    assert.equal(wireCpe(''), '');
  });

  it('keeps escaped characters escaped in the formatted string', () => {
    assert.equal(formatCpe(parseCpe('cpe:/a:vendor:a%2fb:1.0')), 'cpe:2.3:a:vendor:a\\/b:1.0:*:*:*:*:*:*:*');
    assert.equal(
      formatCpe(parseCpe('cpe:2.3:a:vendor:a\\/b:1.0:*:*:*:*:*:*:*')),
      'cpe:2.3:a:vendor:a\\/b:1.0:*:*:*:*:*:*:*',
    );
  });

  it('names what is wrong with a bad CPE', () => {
    for (const [text, why] of [
      ['redhat:enterprise_linux', /want cpe:\/… or cpe:2\.3:…/],
      ['cpe:/x:redhat:enterprise_linux:8', /part "x" is not a, o or h/],
      ['cpe:2.3:o:redhat:enterprise_linux:8', /4 attributes, want 11/],
      ['cpe:/o:red hat:linux', /character " " is not allowed/],
      ['cpe:/o:redhat:linux:%zz', /bad escape %zz/],
    ] as const) {
      assert.throws(
        () => parseCpe(text),
        (err: unknown) => err instanceof InvalidInputError && why.test(err.message),
        text,
      );
    }
  });

  it('compares names as NISTIR 7696 does', () => {
    const superset = (a: string, b: string) => cpeIsSuperset(parseCpe(a), parseCpe(b));
    // An advisory for RHEL 8 covers every RHEL 8 repository, not another product or release
    assert.equal(
      superset('cpe:/o:redhat:enterprise_linux:8', 'cpe:/o:redhat:enterprise_linux:8::baseos'),
      true,
    );
    assert.equal(
      superset('cpe:/a:redhat:enterprise_linux:8::appstream', 'cpe:/a:redhat:enterprise_linux:8::appstream'),
      true,
    );
    assert.equal(
      superset('cpe:/a:redhat:enterprise_linux:8::appstream', 'cpe:/o:redhat:enterprise_linux:8::baseos'),
      false,
    );
    assert.equal(
      superset('cpe:/o:redhat:enterprise_linux:9', 'cpe:/o:redhat:enterprise_linux:8::baseos'),
      false,
    );
    assert.equal(
      superset('cpe:/o:redhat:enterprise_linux:8::baseos', 'cpe:/o:redhat:enterprise_linux:8'),
      false,
    );
    // NA matches only NA; case does not matter; wildcards in the source are patterns
    assert.equal(superset('cpe:/a:oracle:linux:8:-', 'cpe:/a:oracle:linux:8:-'), true);
    assert.equal(superset('cpe:/a:oracle:linux:8:-', 'cpe:/a:oracle:linux:8:x'), false);
    assert.equal(superset('cpe:/o:RedHat:Enterprise_Linux:8', 'cpe:/o:redhat:enterprise_linux:8'), true);
    assert.equal(
      superset('cpe:2.3:a:redhat:openshift:4.*:*:*:*:*:*:*:*', 'cpe:/a:redhat:openshift:4.13::el8'),
      true,
    );
    assert.equal(
      superset('cpe:2.3:a:redhat:openshift:4.*:*:*:*:*:*:*:*', 'cpe:/a:redhat:openshift:5.1::el8'),
      false,
    );
  });

  it("takes Red Hat's VEX CPEs as prefixes too", () => {
    const prefix = (record: string, advisory: string) => cpeHasPrefix(parseCpe(record), parseCpe(advisory));
    assert.equal(prefix('cpe:/a:redhat:openshift:4.13::el8', 'cpe:/a:redhat:openshift:4'), true);
    assert.equal(
      cpeIsSuperset(parseCpe('cpe:/a:redhat:openshift:4'), parseCpe('cpe:/a:redhat:openshift:4.13::el8')),
      false,
    );
    assert.equal(prefix('cpe:/a:redhat:openshift:5.1::el8', 'cpe:/a:redhat:openshift:4'), false);
  });
});

describe('Red Hat container tags', () => {
  it('reads major and minor as claircore does', () => {
    assert.deepEqual(parseRhcTag('v4.13.0-202305262054'), { major: 4, minor: 13 });
    assert.deepEqual(parseRhcTag('1.3-100'), { major: 1, minor: 3 });
    assert.deepEqual(parseRhcTag('7-516'), { major: 7, minor: 0 });
    assert.throws(() => parseRhcTag('latest'), /container tag "latest": no major version/);
    // Junk after the digits: no major at all, or a minor claircore reads as 0.
    assert.throws(() => parseRhcTag('4abc-1'), /no major version/);
    assert.deepEqual(parseRhcTag('4.7abc-1'), { major: 4, minor: 0 });
    assert.deepEqual(parseRhcTag('v4.6.0-202112140546.p0.g8b9da97.assembly.stream'), { major: 4, minor: 6 });
    assert.deepEqual(parseRhcTag('4.7-140.49a6fcf.release_4.7'), { major: 4, minor: 7 });
  });

  it('spans the minor stream', () => {
    assert.deepEqual(rhcTagStream({ major: 3, minor: 5 }), {
      kind: 'rhctag',
      lower: [3, 5, 0, 0, 0, 0, 0, 0, 0, 0],
      upper: [3, 5, 2147483647, 0, 0, 0, 0, 0, 0, 0],
    });
  });
});
