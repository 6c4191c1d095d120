import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isPermanent } from '../errors.ts';
import { type Logger, withLogFields } from '../log.ts';

export type JobMeta = {
  readonly messageId: string;
  /** 1 on the first delivery. */
  readonly receiveCount: number;
  /** Aborted shortly before the function times out. */
  readonly signal: AbortSignal;
};

/** One message's work: resolve when done; throw to have SQS deliver it again. */
export type JobHandler = (body: string, meta: JobMeta) => Promise<void>;

export type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * An SQS-triggered function: each record runs on its own and only failed ones are reported back
 * (ReportBatchItemFailures). Permanent errors (bad input, not found, not implemented) are logged
 * and acknowledged, since a retry cannot fix them; other errors are retried, then dead-lettered.
 */
export function createWorker(name: string, handleJob: JobHandler, baseLog: Logger): WorkerHandler {
  const log = baseLog.child({ worker: name });
  const runRecord = (record: SQSRecord, signal: AbortSignal): Promise<void> =>
    withLogFields({ message_id: record.messageId }, async () => {
      const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
      const started = Date.now();
      log.info('job start', { receive_count: receiveCount });
      try {
        await handleJob(record.body, { messageId: record.messageId, receiveCount, signal });
        log.info('job done', { duration_ms: Date.now() - started });
      } catch (err) {
        if (isPermanent(err)) {
          log.warn('job reject', { err, duration_ms: Date.now() - started });
          return;
        }
        log.error('job fail', { err, receive_count: receiveCount, duration_ms: Date.now() - started });
        throw err;
      }
    });
  const stack = middy<SQSEvent, SQSBatchResponse>()
    .use(sqsPartialBatchFailure({ logger: () => undefined }))
    .handler(async (event, _context, { signal }) => {
      const settled = await Promise.allSettled(event.Records.map((record) => runRecord(record, signal)));
      // The middleware turns the settled results into { batchItemFailures }.
      return settled as unknown as SQSBatchResponse;
    });
  return (event, context) => withLogFields({ request_id: context.awsRequestId }, () => stack(event, context));
}
