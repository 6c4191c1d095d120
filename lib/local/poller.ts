import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../log.ts';
import type { WorkerHandler } from '../queue/worker.ts';
import { lambdaContext } from './lambda-context.ts';

export type PollerOptions = {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly functionName: string;
  readonly handler: WorkerHandler;
  readonly timeoutMs: number;
  readonly log: Logger;
  /** Long-poll wait per receive. @default 20 s */
  readonly waitSeconds?: number;
  /** Batches handled at once. @default 1 */
  readonly concurrency?: number;
};

export type Poller = {
  /** Stops receiving, lets the batch in hand finish, and resolves when idle. */
  stop(): Promise<void>;
};

/**
 * Hands SQS batches to a worker handler as Lambda's event source mapping does: up to 10 records
 * per invocation; records the handler reports in batchItemFailures (or all, if it throws) stay
 * on the queue for redelivery after the visibility timeout, and the rest are deleted.
 */
export function startPoller(options: PollerOptions): Poller {
  const abort = new AbortController();
  const log = options.log.child({ queue: options.queueUrl.split('/').pop() });
  const loop = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      let messages: Message[];
      try {
        const received = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: options.waitSeconds ?? 20,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (err) {
        if (abort.signal.aborted) break;
        log.warn('poll receive fail', { err });
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (messages.length > 0)
        await invoke(options, messages, log).catch((err: unknown) => log.warn('poll delete fail', { err }));
    }
  };
  // Several loops, as Lambda runs several invocations of a function at once.
  const loops = Array.from({ length: options.concurrency ?? 1 }, loop);
  return {
    stop: async () => {
      abort.abort();
      await Promise.all(loops);
    },
  };
}

async function invoke(options: PollerOptions, messages: readonly Message[], log: Logger): Promise<void> {
  const event: SQSEvent = { Records: messages.map((m) => toRecord(m, options.queueUrl)) };
  let failed: Set<string>;
  try {
    const response = await options.handler(event, lambdaContext(options.functionName, options.timeoutMs));
    failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  } catch (err) {
    log.error('poll invoke fail', { err, records: messages.length });
    return;
  }
  const done = messages.filter((m) => !failed.has(m.MessageId as string));
  if (done.length === 0) return;
  await options.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: options.queueUrl,
      Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
    }),
  );
}

function toRecord(message: Message, queueUrl: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const queueName = queueUrl.split('/').pop() ?? '';
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${queueName}`,
    awsRegion: 'us-east-1',
  };
}
