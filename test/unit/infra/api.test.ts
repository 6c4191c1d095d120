import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ClairlessStack } from '../../../infra/clairless-stack.ts';
import { loadConfig } from '../../../lib/config/load.ts';

describe('API construct', () => {
  let template: Template;
  let outdir: string;

  before(async () => {
    // GIVEN the example config, WHEN the stack synthesises with real local esbuild bundling
    outdir = await mkdtemp(join(tmpdir(), 'clairless-synth-'));
    const app = new App({ outdir });
    const { config } = await loadConfig(['--config', 'config/example-aws.yaml'], {});
    const stack = new ClairlessStack(app, 'Clairless', { configFile: 'config/example-aws.yaml', config });
    template = Template.fromStack(stack);
    app.synth();
  });
  after(() => rm(outdir, { recursive: true, force: true }));

  it('deploys the three API functions on Node 24, arm64, with the bundled config', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler', Timeout: 29 },
    });
    assert.equal(Object.keys(functions).length, 3);
    for (const fn of Object.values(functions))
      assert.equal(fn.Properties.Environment.Variables.CLAIR_CONF, '/var/task/config.yaml');
  });

  it('runs each worker on its queue, one job at a time with partial batch failures, within its timeout', () => {
    const workers = template.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: Match.anyValue() },
    });
    const byId = (prefix: string) =>
      Object.entries(workers).find(([id]) => id.startsWith(prefix))?.[1]?.Properties ?? {};
    const index = byId('Workersindexworker');
    assert.deepEqual([index.Timeout, index.MemorySize, index.EphemeralStorage], [900, 2048, { Size: 10240 }]);
    assert.equal(byId('Workersupdateworker').Timeout, 900);
    assert.equal(byId('Workersnotifyworker').Timeout, 300);
    assert.deepEqual(Object.keys(byId('Workersnotifyworker').Environment.Variables).sort(), [
      'CLAIR_CONF',
      'NODE_OPTIONS',
      'NOTIFICATIONS_QUEUE_URL',
      'NOTIFIER_JOBS_QUEUE_URL',
    ]);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 3);
    template.allResourcesProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
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
  });

  it('keeps function logs for a month', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 6);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasOutput('*', { Value: Match.anyValue() });
  });

  it('builds a bundle that answers requests as the deployed function would', () => {
    const [, fn] = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('Apiindexerapi'),
    ) ?? [undefined, undefined];
    const asset = `asset.${String(fn?.Properties.Code.S3Key).replace(/\.zip$/, '')}`;
    // A fresh process, as a cold start: the bundle must find its config and openapi.yaml beside it.
    const script = `
      const { handler } = await import(${JSON.stringify(join(outdir, asset, 'index.mjs'))});
      const event = (path) => ({ rawPath: path, rawQueryString: '', headers: {}, requestContext: { http: { method: 'GET' } } });
      const context = { awsRequestId: 'r', getRemainingTimeInMillis: () => 29000 };
      const robots = await handler(event('/robots.txt'), context);
      const openapi = await handler(event('/openapi/v1'), context);
      process.stdout.write(JSON.stringify([robots.statusCode, openapi.statusCode, JSON.parse(openapi.body).openapi]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: tmpdir(),
      // What the stack gives the function; nothing connects before a request needs it.
      env: {
        ...process.env,
        CLAIR_CONF: join(outdir, asset, 'config.yaml'),
        DATABASE_URL: 'postgresql://127.0.0.1:9/unused',
        INDEX_JOBS_QUEUE_URL: 'http://127.0.0.1:9/000000000000/clairless-index-jobs',
      },
      encoding: 'utf8',
    });
    assert.deepEqual(JSON.parse(out), [200, 200, '3.1.0']);
  });
});
