import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError, NotFoundError, NotImplementedError, UpstreamError } from '../../../lib/errors.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { createWorker, type JobMeta } from '../../../lib/queue/worker.ts';
import { sqsEvent } from '../../helpers/events.ts';
import { captureLog } from '../../helpers/log.ts';

/** Each body names the error its job throws, or 'ok'. */
const ERRORS: Record<string, () => Error> = {
  invalid: () => new InvalidInputError('job body is not a job'),
  missing: () => new NotFoundError('manifest not found'),
  todo: () => new NotImplementedError('not built yet'),
  upstream: () => new UpstreamError('registry answered 503'),
  unknown: () => new Error('something broke'),
};

async function runBatch(bodies: readonly string[], receiveCount = 1) {
  const { log, entries } = captureLog();
  const metas: Omit<JobMeta, 'signal'>[] = [];
  const worker = createWorker(
    'test-worker',
    async (body, { signal: _signal, ...meta }) => {
      metas.push(meta);
      const error = ERRORS[body];
      if (error !== undefined) throw error();
    },
    log,
  );
  const response = await worker(sqsEvent(bodies, receiveCount), lambdaContext('test-worker', 30_000));
  return { response, entries, metas };
}

describe('queue worker', () => {
  it('reports only the record that failed transiently', async () => {
    const { response } = await runBatch(['ok', 'invalid', 'todo', 'upstream']);
    assert.deepEqual(response, { batchItemFailures: [{ itemIdentifier: 'm3' }] });
  });

  const outcomes: { body: string; retried: boolean; level: string; msg: string; name: string }[] = [
    { body: 'ok', retried: false, level: 'info', msg: 'job done', name: '' },
    { body: 'invalid', retried: false, level: 'warn', msg: 'job reject', name: 'InvalidInputError' },
    { body: 'missing', retried: false, level: 'warn', msg: 'job reject', name: 'NotFoundError' },
    { body: 'todo', retried: false, level: 'warn', msg: 'job reject', name: 'NotImplementedError' },
    { body: 'upstream', retried: true, level: 'error', msg: 'job fail', name: 'UpstreamError' },
    { body: 'unknown', retried: true, level: 'error', msg: 'job fail', name: 'Error' },
  ];
  for (const { body, retried, level, msg, name } of outcomes) {
    const outcome = name === '' ? 'a job that succeeds' : `a job that throws ${name}`;
    it(`${retried ? 'retries' : 'acknowledges'} ${outcome} and logs it at ${level}`, async () => {
      const { response, entries } = await runBatch([body]);
      assert.deepEqual(response, { batchItemFailures: retried ? [{ itemIdentifier: 'm0' }] : [] });
      const last = entries.at(-1);
      assert.equal(last?.level, level);
      assert.equal(last?.msg, msg);
      assert.equal((last?.err as { name?: string } | undefined)?.name, name === '' ? undefined : name);
    });
  }

  it('passes the message id and ApproximateReceiveCount to the job', async () => {
    const { metas } = await runBatch(['ok', 'ok'], 3);
    assert.deepEqual(metas, [
      { messageId: 'm0', receiveCount: 3 },
      { messageId: 'm1', receiveCount: 3 },
    ]);
  });

  it('logs a start and an end entry per record with its message id', async () => {
    const { entries } = await runBatch(['ok', 'invalid'], 2);
    const lines = entries.map(
      ({ time: _time, duration_ms: _duration, err: _err, request_id: _id, ...rest }) => rest,
    );
    assert.equal(new Set(entries.map((e) => e.request_id)).size, 1, 'one invocation, one request_id');
    assert.equal(typeof entries[0]?.request_id, 'string');
    assert.deepEqual(
      lines.filter((e) => e.message_id === 'm0'),
      [
        { level: 'info', msg: 'job start', worker: 'test-worker', message_id: 'm0', receive_count: 2 },
        { level: 'info', msg: 'job done', worker: 'test-worker', message_id: 'm0' },
      ],
    );
    assert.deepEqual(
      lines.filter((e) => e.message_id === 'm1'),
      [
        { level: 'info', msg: 'job start', worker: 'test-worker', message_id: 'm1', receive_count: 2 },
        { level: 'warn', msg: 'job reject', worker: 'test-worker', message_id: 'm1' },
      ],
    );
    assert.equal(lines.length, 4);
  });

  it('logs the error of a failed job with its message', async () => {
    const { entries } = await runBatch(['upstream']);
    const fail = entries.find((e) => e.msg === 'job fail');
    assert.deepEqual(fail?.err, { name: 'UpstreamError', message: 'registry answered 503' });
    assert.equal(fail?.message_id, 'm0');
    assert.equal(fail?.receive_count, 1);
  });
});
