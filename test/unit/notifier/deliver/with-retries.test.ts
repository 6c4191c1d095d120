import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError, NotFoundError, UpstreamError } from '../../../../lib/errors.ts';
import { deliverWithRetries } from '../../../../lib/notifier/deliver/with-retries.ts';
import type { Deliver } from '../../../../lib/notifier/types.ts';
import { captureLog } from '../../../helpers/log.ts';

const SET = '0f7e6c1e-3c40-4a4b-9b4a-3a3f3c6c2a11';

/** A deliverer that throws the n-th error given on its n-th call and succeeds once they run out. */
function failing(...errors: Error[]): Deliver & { calls: number } {
  const deliver = async () => {
    const error = errors[deliver.calls++];
    if (error !== undefined) throw error;
  };
  deliver.calls = 0;
  return deliver;
}

const never = () => new AbortController().signal;

/** deliverWithRetries of SET with 1 ms backoff, a captured log and a signal never aborted. */
const tries = (deliver: Deliver, attempts: number) =>
  deliverWithRetries(deliver, SET, { attempts, backoffMs: 1 }, captureLog().log, never());

describe('deliverWithRetries', () => {
  it('delivers on the first attempt and logs the success', async () => {
    const { log, entries } = captureLog();
    const outcome = await deliverWithRetries(failing(), SET, { attempts: 3, backoffMs: 1 }, log, never());
    assert.deepEqual(outcome, { delivered: true, attempts: 1, error: undefined });
    assert.deepEqual(
      entries.map((e) => [e.level, e.msg, e.set, e.attempts]),
      [['info', 'notification delivered', SET, 1]],
    );
  });

  it('retries after a failure and logs each failed attempt', async () => {
    const { log, entries } = captureLog();
    const deliver = failing(
      new UpstreamError('webhook answered 500'),
      new UpstreamError('webhook answered 503'),
    );
    const outcome = await deliverWithRetries(deliver, SET, { attempts: 3, backoffMs: 1 }, log, never());
    assert.deepEqual(outcome, { delivered: true, attempts: 3, error: undefined });
    assert.deepEqual(
      entries.map((e) => [e.level, e.msg, e.attempt ?? e.attempts, (e.err as { message?: string })?.message]),
      [
        ['warn', 'notification delivery fail', 1, 'webhook answered 500'],
        ['warn', 'notification delivery fail', 2, 'webhook answered 503'],
        ['info', 'notification delivered', 3, undefined],
      ],
    );
  });

  it('gives up after the last attempt with the last error', async () => {
    const deliver = failing(
      new UpstreamError('first'),
      new UpstreamError('second'),
      new UpstreamError('third'),
    );
    const outcome = await tries(deliver, 2);
    assert.deepEqual(outcome, { delivered: false, attempts: 2, error: 'second' });
    assert.equal(deliver.calls, 2);
  });

  it('does not retry invalid input', async () => {
    const deliver = failing(new InvalidInputError('notification n1 is 300000 bytes'));
    const outcome = await tries(deliver, 5);
    assert.deepEqual(outcome, { delivered: false, attempts: 1, error: 'notification n1 is 300000 bytes' });
    assert.equal(deliver.calls, 1);
  });

  it('does not retry a set that is gone', async () => {
    const deliver = failing(new NotFoundError(`notification set ${SET} not found`));
    const outcome = await tries(deliver, 5);
    assert.equal(outcome.attempts, 1);
    assert.equal(deliver.calls, 1);
  });

  it('doubles the wait after each failure', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const deliver = failing(new UpstreamError('1'), new UpstreamError('2'), new UpstreamError('3'));
    const outcome = deliverWithRetries(
      deliver,
      SET,
      { attempts: 4, backoffMs: 1000 },
      captureLog().log,
      never(),
    );
    const callsAfter = async (ms: number): Promise<number> => {
      // Let the failed attempt settle and its sleep start before the clock moves.
      for (let i = 0; i < 10; i++) await Promise.resolve();
      t.mock.timers.tick(ms);
      for (let i = 0; i < 10; i++) await Promise.resolve();
      return deliver.calls;
    };
    assert.deepEqual(
      [await callsAfter(999), await callsAfter(1), await callsAfter(1999), await callsAfter(1)],
      [1, 2, 2, 3],
    );
    assert.deepEqual([await callsAfter(3999), await callsAfter(1)], [3, 4]);
    assert.deepEqual(await outcome, { delivered: true, attempts: 4, error: undefined });
  });

  it('stops waiting and reports not delivered when aborted during the backoff', async () => {
    const controller = new AbortController();
    const deliver = failing(new UpstreamError('webhook answered 500'));
    const outcome = deliverWithRetries(
      deliver,
      SET,
      { attempts: 3, backoffMs: 3_600_000 },
      captureLog().log,
      controller.signal,
    );
    setImmediate(() => controller.abort());
    assert.deepEqual(await outcome, { delivered: false, attempts: 1, error: 'webhook answered 500' });
    assert.equal(deliver.calls, 1);
  });

  it('does not log an attempt the abort cut short as a failure', async () => {
    const controller = new AbortController();
    const { log, entries } = captureLog();
    const deliver: Deliver = async (_setId, signal) => {
      controller.abort();
      signal.throwIfAborted();
    };
    const outcome = await deliverWithRetries(
      deliver,
      SET,
      { attempts: 3, backoffMs: 1 },
      log,
      controller.signal,
    );
    assert.equal(outcome.delivered, false);
    assert.equal(outcome.attempts, 1);
    assert.deepEqual(entries, []);
  });

  it('makes no attempt when already aborted', async () => {
    const deliver = failing();
    const outcome = await deliverWithRetries(
      deliver,
      SET,
      { attempts: 3, backoffMs: 1 },
      captureLog().log,
      AbortSignal.abort(),
    );
    assert.deepEqual(outcome, { delivered: false, attempts: 0, error: 'delivery aborted' });
    assert.equal(deliver.calls, 0);
  });
});
