import { Duration, Size } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_URL_ENV, QUEUES, type QueueKey } from '../lib/queue/queues.ts';
import { clairlessFunction, type FunctionRuntime } from './clairless-function.ts';

export type WorkersProps = {
  readonly runtime: FunctionRuntime;
  readonly queues: Readonly<Record<QueueKey, Queue>>;
};

type Worker = {
  readonly queue: QueueKey;
  /** The queues it sends to. */
  readonly sends: readonly QueueKey[];
  readonly memorySize: number;
  readonly ephemeralStorage?: Size;
};

// Index jobs fetch layers of gigabytes into /tmp, and update jobs spool feeds there (Red Hat's
// VEX archive is gigabytes of JSON); the notifier needs little room.
const WORKERS: Readonly<Record<string, Worker>> = {
  'index-worker': { queue: 'indexJobs', sends: [], memorySize: 2048, ephemeralStorage: Size.gibibytes(10) },
  'update-worker': {
    queue: 'updateJobs',
    sends: ['updateJobs', 'notifierJobs'],
    memorySize: 1024,
    ephemeralStorage: Size.gibibytes(10),
  },
  'notify-worker': { queue: 'notifierJobs', sends: ['notifierJobs', 'notifications'], memorySize: 1024 },
};

/**
 * The queue-driven functions: each consumes its queue one job at a time with partial batch
 * failures, within the timeout lib/queue/queues.ts gives it, and may send only to the queues it
 * feeds.
 */
export class Workers extends Construct {
  readonly functions: NodejsFunction[] = [];

  constructor(scope: Construct, id: string, props: WorkersProps) {
    super(scope, id);
    for (const [name, worker] of Object.entries(WORKERS)) {
      const fn = clairlessFunction(this, name, props.runtime, {
        timeout: Duration.seconds(QUEUES[worker.queue].workerTimeoutS),
        memorySize: worker.memorySize,
        ephemeralStorageSize: worker.ephemeralStorage,
      });
      this.functions.push(fn);
      fn.addEventSource(
        new SqsEventSource(props.queues[worker.queue], { batchSize: 1, reportBatchItemFailures: true }),
      );
      for (const key of worker.sends) {
        props.queues[key].grantSendMessages(fn);
        fn.addEnvironment(QUEUE_URL_ENV[key], props.queues[key].queueUrl);
      }
    }
  }
}
