import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../../../lib/errors.ts';
import { notifyJob, parseNotifierJob, SWEEP_JOB } from '../../../lib/notifier/job.ts';

describe('notifier jobs', () => {
  it('reads back what notifyJob writes, and the sweep', () => {
    const ref = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    assert.deepEqual(parseNotifierJob(notifyJob('debian/updater', ref)), {
      kind: 'notify',
      updater: 'debian/updater',
      operation: ref,
    });
    assert.deepEqual(parseNotifierJob('{"kind":"sweep"}'), SWEEP_JOB);
  });

  for (const body of [
    'nope',
    '{}',
    '{"kind":"notify","updater":"x","operation":"not-a-uuid"}',
    '{"kind":"notify","operation":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"}',
  ]) {
    it(`rejects ${body} as a permanent error naming the shapes`, () => {
      assert.throws(
        () => parseNotifierJob(body),
        (err: Error) => err instanceof InvalidInputError && /notifier job/.test(err.message),
      );
    });
  }
});
