import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import type { AwsIdentity } from '../aws/identity.ts';
import type { Logger } from '../log.ts';
import {
  deadLetterQueueName,
  QUEUES,
  type QueueKey,
  type QueueSpec,
  queueName,
  visibilityTimeoutS,
} from '../queue/queues.ts';
import type { SqsEndpoint } from '../queue/send-message.ts';
import { assertPortFree } from './ports.ts';

export type RunningSqs = SqsEndpoint & {
  readonly client: SQSClient;
  /** URL of each queue, by key. */
  readonly queueUrls: Readonly<Record<QueueKey, string>>;
  stop(): Promise<void>;
};

/** What requests to the emulator are signed with: it accepts any credentials. */
export const LOCAL_AWS_IDENTITY: AwsIdentity = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

/** An SQS client for a local endpoint. */
export function localSqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, ...LOCAL_AWS_IDENTITY });
}

/**
 * Starts the SQS emulator on 127.0.0.1:port with every clairless queue and its dead-letter queue;
 * maxReceiveCounts overrides a queue's deliveries before dead-lettering (indexer.max_attempts).
 */
export async function startLocalSqs(
  port: number,
  log: Logger,
  maxReceiveCounts: Partial<Record<QueueKey, number>> = {},
): Promise<RunningSqs> {
  if (port !== 0) await assertPortFree('', port, 'local.sqs_port');
  const server = await startFauxqs({ port, logger: false });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const client = localSqsClient(endpoint);
  const queueUrls = {} as Record<QueueKey, string>;
  for (const [key, spec] of Object.entries(QUEUES) as [QueueKey, QueueSpec][]) {
    queueUrls[key] = await createQueueWithDlq(client, spec, maxReceiveCounts[key] ?? spec.maxReceiveCount);
  }
  log.info('sqs start', { endpoint, queues: Object.values(QUEUES).map(queueName) });
  return {
    endpoint,
    identity: LOCAL_AWS_IDENTITY,
    client,
    queueUrls,
    stop: async () => {
      client.destroy();
      await server.stop();
    },
  };
}

async function createQueueWithDlq(
  client: SQSClient,
  spec: QueueSpec,
  maxReceiveCount: number,
): Promise<string> {
  const dlq = await client.send(new CreateQueueCommand({ QueueName: deadLetterQueueName(spec) }));
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: queueName(spec),
      Attributes: {
        VisibilityTimeout: String(visibilityTimeoutS(spec)),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes?.QueueArn,
          maxReceiveCount,
        }),
      },
    }),
  );
  return queue.QueueUrl as string;
}
