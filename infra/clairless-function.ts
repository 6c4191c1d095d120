import { join } from 'node:path';
import { type Duration, type Size, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DEPLOYMENT_ENV } from '../lib/config/deployment-env.ts';
import type { Database } from './database.ts';
import type { Network } from './network.ts';

const ROOT = join(import.meta.dirname, '..');

/** pg and other CommonJS dependencies call require(); an ESM bundle needs one made for it. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** What every function of the stack runs with. */
export type FunctionRuntime = {
  /** The config file, copied into the bundle and named by CLAIR_CONF. */
  readonly configFile: string;
  readonly network: Network;
  readonly database: Database;
  /** Read at cold start: its keys (the PSK) become environment variables the config may name. */
  readonly appSecret: ISecret;
};

export type ClairlessFunctionProps = {
  readonly timeout: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** /tmp. @default 512 MiB */
  readonly ephemeralStorageSize?: Size;
  /** Through RDS Proxy with IAM tokens, or straight to the database (migrations). @default 'proxy' */
  readonly databaseAccess?: 'proxy' | 'direct';
};

/**
 * One function from functions/<name>.ts: Node 24 on arm64, an ESM bundle built by the local
 * esbuild (no Docker), with the files the code reads at run time copied beside it, in the
 * VPC's private subnets with its database access and the app secret.
 */
export function clairlessFunction(
  scope: Construct,
  name: string,
  runtime: FunctionRuntime,
  props: ClairlessFunctionProps,
): NodejsFunction {
  const direct = props.databaseAccess === 'direct';
  const logGroup = new LogGroup(scope, `${name}-logs`, { retention: RetentionDays.ONE_MONTH });
  const fn = new NodejsFunction(scope, name, {
    role: functionRole(scope, name, logGroup),
    entry: join(ROOT, 'functions', `${name}.ts`),
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    ...(props.ephemeralStorageSize === undefined ? {} : { ephemeralStorageSize: props.ephemeralStorageSize }),
    timeout: props.timeout,
    logGroup,
    environment: {
      CLAIR_CONF: '/var/task/config.yaml',
      [DEPLOYMENT_ENV.appSecretArn]: runtime.appSecret.secretArn,
    },
    vpc: runtime.network.vpc,
    vpcSubnets: runtime.network.functionSubnets,
    // A direct connection gets a security group of its own, the only one the database lets in.
    ...(direct ? {} : { securityGroups: [runtime.network.functionsSecurityGroup] }),
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      // Whitespace and syntax only: names stay readable in stack traces, so no source map has to be
      // loaded (--enable-source-maps parses it at every cold start).
      minify: false,
      esbuildArgs: { '--minify-whitespace': true, '--minify-syntax': true },
      sourceMap: false,
      forceDockerBundling: false,
      // The SDK version we test with, not whichever the runtime happens to carry.
      bundleAwsSDK: true,
      banner: ESM_REQUIRE_BANNER,
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        // lib/http/openapi.ts and lib/db/migrate.ts read these beside the code (import.meta.dirname).
        afterBundling: (_input: string, output: string) => [
          `cp ${JSON.stringify(join(ROOT, runtime.configFile))} ${output}/config.yaml`,
          `cp ${JSON.stringify(join(ROOT, 'lib/http/openapi.yaml'))} ${output}/openapi.yaml`,
          `cp -R ${JSON.stringify(join(ROOT, 'lib/db/migrations'))} ${output}/migrations`,
        ],
      },
    },
  });
  runtime.appSecret.grantRead(fn);
  if (direct) runtime.database.connectDirectly(fn);
  else runtime.database.connectThroughProxy(fn);
  return fn;
}

// A role of our own rather than the AWS managed policies, whose log permissions cover every log group.
function functionRole(scope: Construct, name: string, logGroup: LogGroup): Role {
  const role = new Role(scope, `${name}-role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `clairless ${name}`,
  });
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      resources: ['*'],
    }),
  );
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Lambda places a VPC function with these EC2 network interface actions, which take no resource ARN',
  });
  return role;
}
