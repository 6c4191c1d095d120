// The queues of DESIGN.md section 1, with the worker that consumes each. On AWS the CDK app
// creates them; locally lib/local creates them in the SQS emulator with the same settings.

export type QueueSpec = {
  /** Queue name without prefix; the dead-letter queue adds `-dlq`. */
  readonly name: string;
  /** The consuming function, or undefined for the output queue that clients read. */
  readonly worker: string | undefined;
  /** The consumer's timeout; the visibility timeout is six times this, as AWS advises. */
  readonly workerTimeoutS: number;
  /** Deliveries before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
};

export const QUEUE_PREFIX = 'clairless-';

export const QUEUES = {
  indexJobs: { name: 'index-jobs', worker: 'index-worker', workerTimeoutS: 900, maxReceiveCount: 3 },
  updateJobs: { name: 'update-jobs', worker: 'update-worker', workerTimeoutS: 900, maxReceiveCount: 3 },
  notifierJobs: { name: 'notifier-jobs', worker: 'notify-worker', workerTimeoutS: 300, maxReceiveCount: 5 },
  notifications: { name: 'notifications', worker: undefined, workerTimeoutS: 30, maxReceiveCount: 10 },
} as const satisfies Record<string, QueueSpec>;

export type QueueKey = keyof typeof QUEUES;

export const queueName = (spec: QueueSpec): string => `${QUEUE_PREFIX}${spec.name}`;
export const deadLetterQueueName = (spec: QueueSpec): string => `${queueName(spec)}-dlq`;
export const visibilityTimeoutS = (spec: QueueSpec): number => spec.workerTimeoutS * 6;

/** The environment variable naming each queue's URL in the deployed functions (the CDK app sets them). */
export const QUEUE_URL_ENV: Readonly<Record<QueueKey, string>> = {
  indexJobs: 'INDEX_JOBS_QUEUE_URL',
  updateJobs: 'UPDATE_JOBS_QUEUE_URL',
  notifierJobs: 'NOTIFIER_JOBS_QUEUE_URL',
  notifications: 'NOTIFICATIONS_QUEUE_URL',
};
