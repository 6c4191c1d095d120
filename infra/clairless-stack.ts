import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DEPLOYMENT_ENV } from '../lib/config/deployment-env.ts';
import type { Config } from '../lib/config/types.ts';
import { Alarms } from './alarms.ts';
import { Api } from './api.ts';
import { AppSecret } from './app-secret.ts';
import { Database } from './database.ts';
import type { DeploymentSettings } from './deployment-context.ts';
import { acknowledgeCdkHelper, Migrations } from './migrations.ts';
import { Network } from './network.ts';
import { Queues } from './queues.ts';
import { Schedules } from './schedules.ts';
import { Workers } from './workers.ts';

export type ClairlessStackProps = StackProps & {
  /** Path of the validated config file, relative to the repository root. */
  readonly configFile: string;
  /** The config read from it, for the settings the template itself carries. */
  readonly config: Config;
  /** @default a new VPC, RDS PostgreSQL 17 on a t4g.micro, one NAT gateway */
  readonly deployment?: DeploymentSettings;
};

/** The clairless deployment. Construct IDs are part of the contract: renaming one replaces its resource. */
export class ClairlessStack extends Stack {
  constructor(scope: Construct, id: string, props: ClairlessStackProps) {
    super(scope, id, props);
    const deployment = props.deployment ?? {};
    const network = new Network(this, 'Network', {
      vpcId: deployment.vpcId,
      natGateways: deployment.natGateways,
    });
    const database = new Database(this, 'Database', {
      vpc: network.vpc,
      subnets: network.databaseSubnets,
      egressSubnets: network.functionSubnets,
      engine: deployment.databaseEngine,
      instanceType: deployment.databaseInstanceType,
      multiAz: deployment.multiAz,
      maxCapacity: deployment.auroraMaxCapacity,
    });
    const runtime = {
      configFile: props.configFile,
      network,
      database,
      appSecret: new AppSecret(this, 'AppSecret').secret,
    };
    const migrations = new Migrations(this, 'Migrations', { runtime });
    const { queues, deadLetterQueues } = new Queues(this, 'Queues', {
      indexMaxAttempts: props.config.indexer.maxAttempts,
    });
    const api = new Api(this, 'Api', { runtime, indexJobs: queues.indexJobs });
    const workers = new Workers(this, 'Workers', { runtime, queues });
    for (const fn of [...api.functions, ...workers.functions]) {
      fn.addEnvironment(DEPLOYMENT_ENV.apiUrl, api.httpApi.apiEndpoint);
      // New code never meets an old schema.
      fn.node.addDependency(migrations.resource);
    }
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
    // The log retention function aws-cdk-lib adds for the database's exported logs.
    for (const child of this.node.children) {
      if (child.node.id.startsWith('LogRetention')) acknowledgeCdkHelper(child, 'Resource::*');
    }
  }
}
