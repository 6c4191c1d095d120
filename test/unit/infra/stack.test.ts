import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ClairlessStack } from '../../../infra/clairless-stack.ts';
import { loadDeploymentConfig } from '../../../infra/deployment-config.ts';
import { signIntraserviceToken } from '../../../lib/auth/sign.ts';
import { PSK_KEY_ENV } from '../../../lib/config/deployment-env.ts';

// Every function of functions/ but migrate, which runs during the deploy.
const APP_FUNCTIONS = readdirSync(join(import.meta.dirname, '..', '..', '..', 'functions'))
  .map((file) => file.replace(/\.ts$/, ''))
  .filter((name) => name !== 'migrate');

describe('clairless stack', () => {
  let stack: ClairlessStack;
  let template: Template;
  let outdir: string;
  const functionsBy = (prefix: string) =>
    Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(prefix))?.[1]
      ?.Properties;

  before(async () => {
    // GIVEN the example config, WHEN the stack synthesises with real local esbuild bundling
    outdir = await mkdtemp(join(tmpdir(), 'clairless-synth-'));
    const app = new App({ outdir });
    const { config } = await loadDeploymentConfig('config/example-aws.yaml', {});
    stack = new ClairlessStack(app, 'Clairless', { configFile: 'config/example-aws.yaml', config });
    template = Template.fromStack(stack);
    app.synth();
  });
  after(() => rm(outdir, { recursive: true, force: true }));

  it('deploys every function on Node 24, arm64, in the private subnets, with the bundled config', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' },
    });
    assert.equal(Object.keys(functions).length, 7);
    for (const fn of Object.values(functions)) {
      assert.equal(fn.Properties.Environment.Variables.CLAIR_CONF, '/var/task/config.yaml');
      assert.equal(fn.Properties.VpcConfig.SubnetIds.length, 2);
    }
    // aws-cdk-lib's own helpers (custom resource provider, log retention) are on Node 24 too.
    template.allResourcesProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x' });
  });

  it('gives the API functions 29 s, just inside the API Gateway limit', () => {
    for (const id of ['Apiindexerapi', 'Apimatcherapi', 'Apinotifierapi'])
      assert.equal(functionsBy(id)?.Timeout, 29);
  });

  it('runs each worker on its queue, one job at a time with partial batch failures, within its timeout', () => {
    const index = functionsBy('Workersindexworker');
    assert.deepEqual(
      [index?.Timeout, index?.MemorySize, index?.EphemeralStorage],
      [900, 2048, { Size: 10240 }],
    );
    const update = functionsBy('Workersupdateworker');
    assert.deepEqual([update?.Timeout, update?.EphemeralStorage], [900, { Size: 10240 }]);
    assert.equal(functionsBy('Workersnotifyworker')?.Timeout, 300);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 3);
    template.allResourcesProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('tells each function where its database, secret, queues and API are, and nothing secret', () => {
    assert.deepEqual(Object.keys(functionsBy('Workersnotifyworker')?.Environment.Variables).sort(), [
      'CLAIRLESS_API_URL',
      'CLAIRLESS_SECRET_ARN',
      'CLAIR_CONF',
      'DATABASE_IAM_AUTH',
      'DATABASE_URL',
      'NOTIFICATIONS_QUEUE_URL',
      'NOTIFIER_JOBS_QUEUE_URL',
    ]);
    const api = functionsBy('Apimatcherapi')?.Environment.Variables;
    assert.equal(api.DATABASE_IAM_AUTH, 'true');
    // The proxy's endpoint, the clairless user and no password: the token is signed at connect time.
    assert.deepEqual(api.DATABASE_URL, {
      'Fn::Join': [
        '',
        [
          'postgresql://clairless@',
          { 'Fn::GetAtt': [api.DATABASE_URL['Fn::Join'][1][1]['Fn::GetAtt'][0], 'Endpoint'] },
          ':5432/clairless?sslmode=verify-full',
        ],
      ],
    });
    assert.match(api.DATABASE_URL['Fn::Join'][1][1]['Fn::GetAtt'][0], /^DatabaseInstanceProxy/);
    const migrate = functionsBy('Migrationsmigrate')?.Environment.Variables;
    assert.equal(migrate.NODE_EXTRA_CA_CERTS, '/var/runtime/ca-cert.pem');
    assert.match(JSON.stringify(migrate.DATABASE_SECRET_ARN), /DatabaseInstanceSecretAttachment/);
    assert.equal(migrate.DATABASE_URL, undefined);
    assert.doesNotMatch(JSON.stringify(template.toJSON()), /"(Master)?UserPassword":\s*"[^{]/);
  });

  it('routes every Clair path prefix to its function with payload format 2.0', () => {
    for (const routeKey of [
      'ANY /indexer/api/v1/{proxy+}',
      'ANY /matcher/api/v1/{proxy+}',
      'ANY /notifier/api/v1/{proxy+}',
      'GET /openapi/v1',
      'GET /robots.txt',
    ]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey });
    }
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 5);
    template.allResourcesProperties('AWS::ApiGatewayV2::Integration', { PayloadFormatVersion: '2.0' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('keeps every log a month, and writes to only its own log group', () => {
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    assert.doesNotMatch(policies, /AWSLambdaBasicExecutionRole/);
    for (const name of APP_FUNCTIONS) {
      const role = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) =>
        id
          .replaceAll(/[^a-z]/gi, '')
          .toLowerCase()
          .includes(`${name.replace('-', '')}role`),
      );
      assert.ok(role, `a role of its own for ${name}`);
      assert.equal(role[1].Properties.ManagedPolicyArns, undefined);
    }
  });

  it('names every resource a grant allows, except where AWS takes none', () => {
    const wildcards = new Set<string>();
    for (const [id, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const resources = [statement.Resource].flat();
        if (resources.includes('*'))
          wildcards.add(`${id.replace(/[0-9A-F]{8}$/, '')}: ${[statement.Action].flat().join(' ')}`);
      }
    }
    const eni =
      'ec2:CreateNetworkInterface ec2:DescribeNetworkInterfaces ec2:DescribeSubnets ec2:DeleteNetworkInterface ec2:AssignPrivateIpAddresses ec2:UnassignPrivateIpAddresses';
    assert.deepEqual(
      [...wildcards].sort(),
      [
        `ApiindexerapiroleDefaultPolicy: ${eni}`,
        `ApimatcherapiroleDefaultPolicy: ${eni}`,
        `ApinotifierapiroleDefaultPolicy: ${eni}`,
        // aws-cdk-lib's log retention helper sets the retention of log groups RDS creates.
        [...wildcards].find((w) =>
          /^LogRetention\w+ServiceRoleDefaultPolicy: logs:PutRetentionPolicy logs:DeleteRetentionPolicy$/.test(
            w,
          ),
        ) ?? 'log retention helper',
        `MigrationsmigrateroleDefaultPolicy: ${eni}`,
        `WorkersindexworkerroleDefaultPolicy: ${eni}`,
        `WorkersnotifyworkerroleDefaultPolicy: ${eni}`,
        `WorkersupdateworkerroleDefaultPolicy: ${eni}`,
      ].sort(),
    );
  });

  it('runs the migrations once the database lets them in, and before any function is updated', () => {
    const [[runId, run]] = Object.entries(template.findResources('Custom::ClairlessMigrations')) as [
      [string, { DependsOn: string[] }],
    ];
    assert.match(JSON.stringify(run), /"migrations":"[0-9a-f]{64}"/);
    assert.ok(
      run.DependsOn.some((id) =>
        /^DatabaseSecurityGroupfromClairlessMigrationsmigrateSecurityGroup/.test(id),
      ),
      'waits for the rule that lets the migrate function reach the database',
    );
    for (const name of APP_FUNCTIONS) {
      const [, fn] =
        Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
          id.toLowerCase().includes(name.replace('-', '')),
        ) ?? [];
      assert.ok(
        ((fn?.DependsOn ?? []) as string[]).includes(runId as string),
        `${name} waits for the migrations`,
      );
    }
  });

  it('passes the AWS Solutions checks, every exception acknowledged with a reason', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    assert.deepEqual(
      report.violations.map(
        (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
      [],
    );
  });

  it('builds a bundle that reads its secret at cold start and answers as the deployed function would', async () => {
    // A loopback Secrets Manager holding the app secret; the SDK is pointed at it the standard way.
    const psk = Buffer.from('k'.repeat(32));
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      res.end(JSON.stringify({ SecretString: JSON.stringify({ [PSK_KEY_ENV]: psk.toString('base64') }) }));
    });
    const token = await signIntraserviceToken(new Uint8Array(psk), 'clairctl');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    after(() => server.close());
    const fn = functionsBy('Apiindexerapi');
    const asset = `asset.${String(fn?.Code.S3Key).replace(/\.zip$/, '')}`;
    // A fresh process, as a cold start: the bundle must find its config and openapi.yaml beside it.
    const script = `
      const { handler } = await import(${JSON.stringify(join(outdir, asset, 'index.mjs'))});
      const event = (path, headers = {}) => ({ rawPath: path, rawQueryString: '', headers, requestContext: { http: { method: 'GET' } } });
      const context = { awsRequestId: 'r', getRemainingTimeInMillis: () => 29000 };
      const robots = await handler(event('/robots.txt'), context);
      const anonymous = await handler(event('/openapi/v1'), context);
      const openapi = await handler(event('/openapi/v1', { authorization: 'Bearer ${token}' }), context);
      process.stdout.write(JSON.stringify([robots.statusCode, anonymous.statusCode, openapi.statusCode, JSON.parse(openapi.body).openapi]));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: tmpdir(),
      // What the stack gives the function; nothing connects to the database before a request needs it.
      env: {
        PATH: process.env.PATH,
        CLAIR_CONF: join(outdir, asset, 'config.yaml'),
        CLAIRLESS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:clairless-app',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'example',
        DATABASE_URL: 'postgresql://127.0.0.1:9/unused',
        INDEX_JOBS_QUEUE_URL: 'http://127.0.0.1:9/000000000000/clairless-index-jobs',
      },
      encoding: 'utf8',
    });
    // The PSK read from the secret switched authentication on: 401 without a token, 200 with one it signed.
    assert.deepEqual(JSON.parse(stdout), [200, 401, 200, '3.1.0']);
  });
});
