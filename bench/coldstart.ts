// Each function's deployed bundle, built by the same synth as `npm run synth`, loaded in a fresh
// Node process as a Lambda cold start loads it: its size, and the time from import to a handler
// ready (module evaluation, config load, app secret read from a loopback Secrets Manager).
// Baseline in the same run: a bundle of @aws-sdk/client-sqs alone, what any SQS-using function pays.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER } from '../infra/clairless-function.ts';
import { ClairlessStack } from '../infra/clairless-stack.ts';
import { loadDeploymentConfig } from '../infra/deployment-config.ts';
import { PSK_KEY_ENV } from '../lib/config/deployment-env.ts';
import { QUEUE_URL_ENV } from '../lib/queue/queues.ts';

const RUNS = 11;
const SIZE_TARGET_MIB = 1.5;
const INIT_TARGET_MS = 150;

type Bundle = { name: string; file: string; config?: string };

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function synthBundles(outdir: string): Promise<Bundle[]> {
  // The metadata the CDK CLI asks for, naming each function's construct path and bundle folder.
  const app = new App({
    outdir,
    context: { 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:enable-path-metadata': true },
  });
  const { config } = await loadDeploymentConfig('config/example-aws.yaml', {});
  const stack = new ClairlessStack(app, 'Clairless', { configFile: 'config/example-aws.yaml', config });
  const template = app.synth().getStackByName(stack.stackName).template;
  const bundles: Bundle[] = [];
  for (const resource of Object.values(
    template.Resources as Record<string, { Type: string; Metadata?: Record<string, string> }>,
  )) {
    const asset = resource.Metadata?.['aws:asset:path'];
    const path = resource.Metadata?.['aws:cdk:path'];
    if (resource.Type !== 'AWS::Lambda::Function' || asset === undefined || path === undefined) continue;
    const dir = join(outdir, asset);
    if (!(await readdir(dir)).includes('index.mjs')) continue;
    bundles.push({
      name: path.split('/').at(-2) as string,
      file: join(dir, 'index.mjs'),
      config: join(dir, 'config.yaml'),
    });
  }
  return bundles;
}

async function baselineBundle(dir: string): Promise<Bundle> {
  const entry = join(dir, 'baseline.ts');
  await writeFile(
    entry,
    "import { SQSClient } from '@aws-sdk/client-sqs';\nexport const handler = () => new SQSClient({});\n",
  );
  const file = join(dir, 'baseline', 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minifyWhitespace: true,
    minifySyntax: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    nodePaths: [join(import.meta.dirname, '..', 'node_modules')],
    logLevel: 'silent',
  });
  return { name: 'baseline: @aws-sdk/client-sqs alone', file };
}

// One cold start: a fresh process timing import() of the bundle until its top-level awaits are done.
async function coldStart(bundle: Bundle, env: Record<string, string>): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(bundle.file)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: tmpdir(),
    env: { ...env, ...(bundle.config === undefined ? {} : { CLAIR_CONF: bundle.config }) },
  });
  return Number(stdout);
}

export async function benchColdstart(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'clairless-coldstart-'));
  const secrets = createServer((_req, res) => {
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    res.end(
      JSON.stringify({
        SecretString: JSON.stringify({ [PSK_KEY_ENV]: Buffer.alloc(32, 7).toString('base64') }),
      }),
    );
  });
  await new Promise<void>((resolve) => secrets.listen(0, '127.0.0.1', resolve));
  try {
    const bundles = [await baselineBundle(dir), ...(await synthBundles(join(dir, 'cdk.out')))];
    // What the stack and the Lambda runtime give a function; nothing connects before a request.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(secrets.address() as AddressInfo).port}`,
      CLAIRLESS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:clairless-app',
      DATABASE_URL: 'postgresql://127.0.0.1:9/unused',
      ...Object.fromEntries(
        Object.values(QUEUE_URL_ENV).map((name) => [name, 'http://127.0.0.1:9/000000000000/q']),
      ),
    };
    const lines = [
      `function cold start (a fresh Node process per import, median of ${RUNS}), targets < ${SIZE_TARGET_MIB} MiB and < ${INIT_TARGET_MS} ms`,
    ];
    let baselineMs = 0;
    for (const bundle of bundles) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await coldStart(bundle, env));
      const ms = median(times);
      if (bundle.config === undefined) baselineMs = ms;
      const mib = (await stat(bundle.file)).size / 2 ** 20;
      const ratio = bundle.config === undefined ? '' : `  x${(ms / baselineMs).toFixed(1)} baseline`;
      const over = mib > SIZE_TARGET_MIB || ms > INIT_TARGET_MS ? '  OVER TARGET' : '';
      lines.push(
        `  ${bundle.name.padEnd(36)} ${mib.toFixed(2)} MiB  init ${ms.toFixed(0).padStart(4)} ms${ratio}${over}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    secrets.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await benchColdstart();
