import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trackerIssue } from '../../../../lib/ecosystems/debian/tracker.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';

describe('debian tracker issue', () => {
  it('keeps description, status, fixed_version and urgency, dropping the other fields', () => {
    const got = trackerIssue(
      {
        description: 'd',
        debianbug: 1023527,
        scope: 'local',
        releases: {
          bookworm: {
            status: 'resolved',
            repositories: { bookworm: '5.2.15-2' },
            fixed_version: '5.2.15-1',
            urgency: 'low',
          },
          bullseye: { status: 'open', urgency: 'unimportant', nodsa: 'Minor issue', nodsa_reason: 'ignored' },
        },
      },
      'here',
    );
    assert.deepEqual(got, {
      description: 'd',
      releases: {
        bookworm: { status: 'resolved', fixed_version: '5.2.15-1', urgency: 'low' },
        bullseye: { status: 'open', fixed_version: undefined, urgency: 'unimportant' },
      },
    });
  });

  it('accepts an issue without description or releases, as the tracker leaves empty fields out', () => {
    assert.deepEqual(trackerIssue({}, 'here'), { description: undefined, releases: {} });
  });

  it('keeps a codename "__proto__" as a key', () => {
    const got = trackerIssue(JSON.parse('{"releases":{"__proto__":{"urgency":"low"}}}'), 'here');
    assert.deepEqual(Object.keys(got.releases), ['__proto__']);
  });

  const bad: [name: string, value: unknown, message: string][] = [
    ['a string issue', 'x', 'here: issue: want an object, got "x"'],
    ['a null issue', null, 'here: issue: want an object, got null'],
    ['a list of releases', { releases: [] }, 'here: releases: want an object, got an array'],
    ['a numeric description', { description: 5 }, 'here: description: want a string, got 5'],
    [
      'a release that is no object',
      { releases: { bookworm: 'x' } },
      'here: releases.bookworm: want an object, got "x"',
    ],
    [
      'a numeric fixed_version',
      { releases: { bookworm: { fixed_version: 0 } } },
      'here: releases.bookworm.fixed_version: want a string, got 0',
    ],
    [
      'a null urgency',
      { releases: { bookworm: { urgency: null } } },
      'here: releases.bookworm.urgency: want a string, got null',
    ],
    [
      'an object status',
      { releases: { bookworm: { status: {} } } },
      'here: releases.bookworm.status: want a string, got an object',
    ],
  ];
  for (const [name, value, message] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(() => trackerIssue(value, 'here'), { name: InvalidInputError.name, message });
    });
  }
});
