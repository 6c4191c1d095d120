import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { createUpdateWorker } from '../../../lib/updater/worker.ts';
import { sqsEvent } from '../../helpers/events.ts';
import { captureLog } from '../../helpers/log.ts';

async function runUpdate(body: string) {
  const { log, entries } = captureLog();
  const worker = createUpdateWorker({ log });
  const context = lambdaContext('update-worker', 30_000);
  const response = await worker(sqsEvent([body]), context);
  const rejects = entries
    .filter((e) => e.level === 'warn')
    .map(({ time: _time, duration_ms: _duration, request_id, ...rest }) => {
      assert.equal(request_id, context.awsRequestId);
      return rest;
    });
  return { response, rejects };
}

describe('update worker', () => {
  it('acknowledges a malformed job as invalid input', async () => {
    const { response, rejects } = await runUpdate('{"kind":');
    assert.deepEqual(response, { batchItemFailures: [] });
    assert.equal(rejects.length, 1);
    const [reject] = rejects;
    assert.equal(reject?.msg, 'job reject');
    assert.equal(reject?.worker, 'update-worker');
    assert.equal(reject?.message_id, 'm0');
    const err = reject?.err as { name?: string; message?: string } | undefined;
    assert.equal(err?.name, 'InvalidInputError');
    assert.match(err?.message ?? '', /^update job is not JSON: /);
  });

  it('acknowledges a job of another kind as invalid input', async () => {
    const { response, rejects } = await runUpdate('{"kind":"index"}');
    assert.deepEqual(response, { batchItemFailures: [] });
    assert.deepEqual(
      rejects.map((e) => e.err),
      [
        {
          name: 'InvalidInputError',
          message: 'update job "{\\"kind\\":\\"index\\"}" is not {"kind":"update"}',
        },
      ],
    );
  });

  it('acknowledges a valid update job as not implemented', async () => {
    const { response, rejects } = await runUpdate('{"kind":"update"}');
    assert.deepEqual(response, { batchItemFailures: [] });
    assert.deepEqual(rejects, [
      {
        level: 'warn',
        msg: 'job reject',
        worker: 'update-worker',
        message_id: 'm0',
        err: { name: 'NotImplementedError', message: 'update job: running updaters is not implemented yet' },
      },
    ]);
  });
});
