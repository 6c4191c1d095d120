import { Duration } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { SqsSendMessage } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SWEEP_JOB } from '../lib/notifier/job.ts';
import { DISPATCH_JOB } from '../lib/updater/job.ts';

export type SchedulesProps = {
  readonly updateJobs: IQueue;
  readonly notifierJobs: IQueue;
  /** `matcher.period`. */
  readonly updatePeriodMs: number;
  /** `notifier.delivery_interval`. */
  readonly sweepPeriodMs: number;
  /** False with `updaters.sets: []` (or `matcher.disable_updaters`): no update schedule. */
  readonly updates: boolean;
};

/**
 * The EventBridge Scheduler schedules the local runtime's timers stand for: an updater dispatch
 * on update-jobs every matcher.period, and the notifier's sweep on notifier-jobs every
 * notifier.delivery_interval. Each puts the same job message the local runtime sends.
 */
export class Schedules extends Construct {
  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const every = (ms: number) =>
      ScheduleExpression.rate(Duration.minutes(Math.max(1, Math.round(ms / 60_000))));
    if (props.updates) {
      new Schedule(this, 'Updaters', {
        description: 'clairless: run every updater (matcher.period)',
        schedule: every(props.updatePeriodMs),
        target: new SqsSendMessage(props.updateJobs, { input: ScheduleTargetInput.fromObject(DISPATCH_JOB) }),
      });
    }
    new Schedule(this, 'NotifierSweep', {
      description: 'clairless: retry, announce and purge notifications (notifier.delivery_interval)',
      schedule: every(props.sweepPeriodMs),
      target: new SqsSendMessage(props.notifierJobs, { input: ScheduleTargetInput.fromObject(SWEEP_JOB) }),
    });
  }
}
