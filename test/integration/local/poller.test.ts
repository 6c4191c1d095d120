import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { UpstreamError } from '../../../lib/errors.ts';
import { startPoller } from '../../../lib/local/poller.ts';
import { createWorker, type WorkerHandler } from '../../../lib/queue/worker.ts';
import { eventually } from '../../helpers/local-config.ts';
import { captureLog } from '../../helpers/log.ts';
import { sqsEmulator } from '../../helpers/sqs-emulator.ts';

/** A queue that redelivers after 1 s and dead-letters on the third receive. */
async function queueWithDlq(sqs: SQSClient, name: string): Promise<{ url: string; dlqUrl: string }> {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: '1',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: 2 }),
      },
    }),
  );
  return { url: queue.QueueUrl as string, dlqUrl: dlq.QueueUrl as string };
}

async function dlqBodies(sqs: SQSClient, dlqUrl: string): Promise<string[] | undefined> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 1 }),
  );
  return Messages.length > 0 ? Messages.map((m) => m.Body as string) : undefined;
}

describe('queue poller', () => {
  const emulator = sqsEmulator();

  it('deletes handled records and leaves failed ones to be retried, then dead-lettered', async () => {
    const { url, dlqUrl } = await queueWithDlq(emulator.sqs, 'partial');
    const seen: string[] = [];
    const { log } = captureLog();
    const handler = createWorker(
      'test-worker',
      async (body) => {
        seen.push(body);
        if (body === 'flaky') throw new UpstreamError('feed unavailable');
      },
      log,
    );
    await emulator.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'fine' }));
    await emulator.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'flaky' }));
    const poller = startPoller({
      sqs: emulator.sqs,
      queueUrl: url,
      functionName: 'test-worker',
      handler,
      timeoutMs: 5000,
      log,
      waitSeconds: 1,
    });
    try {
      assert.deepEqual(await eventually('the dead letter', () => dlqBodies(emulator.sqs, dlqUrl)), ['flaky']);
    } finally {
      await poller.stop();
    }
    assert.equal(seen.filter((b) => b === 'fine').length, 1);
    assert.equal(seen.filter((b) => b === 'flaky').length, 2);
  });

  it('retries the whole batch when the handler itself throws', async () => {
    const { url, dlqUrl } = await queueWithDlq(emulator.sqs, 'crashing');
    let calls = 0;
    const handler: WorkerHandler = async () => {
      calls++;
      throw new Error('out of memory');
    };
    const { log, entries } = captureLog();
    await emulator.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'job' }));
    const poller = startPoller({
      sqs: emulator.sqs,
      queueUrl: url,
      functionName: 'crashing',
      handler,
      timeoutMs: 5000,
      log,
      waitSeconds: 1,
    });
    try {
      assert.deepEqual(await eventually('the dead letter', () => dlqBodies(emulator.sqs, dlqUrl)), ['job']);
    } finally {
      await poller.stop();
    }
    assert.equal(calls, 2);
    assert.equal(entries.filter((e) => e.msg === 'poll invoke fail').length, 2);
  });

  it('stops promptly while a long poll is waiting', async () => {
    const { url } = await queueWithDlq(emulator.sqs, 'idle');
    const handler: WorkerHandler = async () => ({ batchItemFailures: [] });
    const poller = startPoller({
      sqs: emulator.sqs,
      queueUrl: url,
      functionName: 'idle',
      handler,
      timeoutMs: 5000,
      log: captureLog().log,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // With the default 20 s long poll, a stop that did not abort the receive would hang the test run.
    await poller.stop();
  });
});
