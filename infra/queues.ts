import { CfnOutput, Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  deadLetterQueueName,
  QUEUES,
  type QueueKey,
  queueName,
  visibilityTimeoutS,
} from '../lib/queue/queues.ts';

export type QueuesProps = {
  /** Deliveries of an index job before it is dead-lettered: `indexer.max_attempts`. */
  readonly indexMaxAttempts: number;
};

/**
 * The queues of DESIGN.md section 1, as lib/queue/queues.ts describes them and the local runtime
 * creates them: each with a dead-letter queue, encrypted, TLS only, visible again to consumers
 * after six times their timeout.
 */
export class Queues extends Construct {
  readonly queues: Readonly<Record<QueueKey, Queue>>;
  readonly deadLetterQueues: Queue[] = [];

  constructor(scope: Construct, id: string, props: QueuesProps) {
    super(scope, id);
    const maxReceiveCount: Partial<Record<QueueKey, number>> = { indexJobs: props.indexMaxAttempts };
    const queues = {} as Record<QueueKey, Queue>;
    for (const [key, spec] of Object.entries(QUEUES) as [QueueKey, (typeof QUEUES)[QueueKey]][]) {
      const dlq = new Queue(this, `${key}-dlq`, {
        queueName: deadLetterQueueName(spec),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      this.deadLetterQueues.push(dlq);
      queues[key] = new Queue(this, key, {
        queueName: queueName(spec),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(visibilityTimeoutS(spec)),
        deadLetterQueue: { queue: dlq, maxReceiveCount: maxReceiveCount[key] ?? spec.maxReceiveCount },
      });
    }
    this.queues = queues;
    new CfnOutput(this, 'NotificationsQueueUrl', {
      value: queues.notifications.queueUrl,
      description: 'where notification sets are announced; read it with a role allowed sqs:ReceiveMessage',
    });
  }
}
