import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Config } from '../lib/config/types.ts';
import { Alarms } from './alarms.ts';
import { Api } from './api.ts';
import { Queues } from './queues.ts';
import { Schedules } from './schedules.ts';
import { Workers } from './workers.ts';

export type ClairlessStackProps = StackProps & {
  /** Path of the validated config file, relative to the repository root. */
  readonly configFile: string;
  /** The config read from it, for the settings the template itself carries. */
  readonly config: Config;
};

/** The clairless deployment. Construct IDs are part of the contract: renaming one replaces its resource. */
export class ClairlessStack extends Stack {
  constructor(scope: Construct, id: string, props: ClairlessStackProps) {
    super(scope, id, props);
    const { queues, deadLetterQueues } = new Queues(this, 'Queues', {
      indexMaxAttempts: props.config.indexer.maxAttempts,
    });
    const api = new Api(this, 'Api', { configFile: props.configFile, indexJobs: queues.indexJobs });
    const workers = new Workers(this, 'Workers', { configFile: props.configFile, queues });
    new Alarms(this, 'Alarms', {
      deadLetterQueues,
      functions: [...api.functions, ...workers.functions],
      httpApi: api.httpApi,
    });
    const { updaters, matcher, notifier } = props.config;
    new Schedules(this, 'Schedules', {
      updateJobs: queues.updateJobs,
      notifierJobs: queues.notifierJobs,
      updatePeriodMs: matcher.periodMs,
      sweepPeriodMs: notifier.deliveryIntervalMs,
      // matcher.disable_updaters already reads as updaters.sets: [].
      updates: updaters.sets === null || updaters.sets.length > 0,
    });
  }
}
