import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type CfnElement, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { clairlessFunction, type FunctionRuntime } from './clairless-function.ts';

const MIGRATIONS = join(import.meta.dirname, '..', 'lib', 'db', 'migrations');

export type MigrationsProps = { readonly runtime: FunctionRuntime };

/**
 * Runs lib/db/migrations on every deploy, before any function is updated, straight against the
 * database (not through the proxy). A property that changes with each synth makes every deploy
 * update the resource, so a database restored from an older snapshot is brought up to date too;
 * the migrations' digest says in the template which set was applied.
 */
export class Migrations extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: MigrationsProps) {
    super(scope, id);
    const fn = clairlessFunction(this, 'migrate', props.runtime, {
      timeout: Duration.minutes(10),
      databaseAccess: 'direct',
    });
    const provider = new Provider(this, 'Provider', {
      onEventHandler: fn,
      logGroup: new LogGroup(this, 'ProviderLogs', {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    // The provider invokes the migrate function's versions: its ARN followed by a wildcard.
    const fnId = Stack.of(this).getLogicalId(fn.node.defaultChild as CfnElement);
    acknowledgeCdkHelper(provider, `Resource::<${fnId}.Arn>:*`);
    this.resource = new CustomResource(this, 'Run', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::ClairlessMigrations',
      properties: { migrations: migrationsDigest(), synthesizedAt: new Date().toISOString() },
    });
    // The run needs the database and the rule that lets this function reach it.
    this.resource.node.addDependency(props.runtime.database);
  }
}

/** The findings on a function aws-cdk-lib makes itself, whose role we cannot shape. */
export function acknowledgeCdkHelper(helper: Construct, wildcard: string): void {
  Validations.of(helper).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'aws-cdk-lib gives its helper function the basic Lambda execution policy',
  });
  Validations.of(helper).acknowledge({
    id: `AwsSolutions-IAM5[${wildcard}]`,
    reason:
      'aws-cdk-lib grants its helper function what it manages: function versions, or log groups named only at deploy',
  });
}

/** sha256 over every migration's path and text, in path order. */
export function migrationsDigest(dir = MIGRATIONS): string {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files)
    hash
      .update(`${relative(dir, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  return hash.digest('hex');
}
