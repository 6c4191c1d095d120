import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');

type Run = { code: number; stdout: string; stderr: string };

// As a new user runs it: the CDK CLI (and the Node 24 npm puts first on PATH), with no AWS
// credentials, no AWS config and no Docker.
async function run(command: string, args: string[], home: string): Promise<Run> {
  const env = {
    PATH: [BIN, process.env.PATH].join(delimiter),
    HOME: home,
    CDK_DISABLE_VERSION_CHECK: '1',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(join(BIN, command), args, { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const { code, stdout, stderr } = err as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('npm run synth', () => {
  let home: string;
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'clairless-home-'));
  });
  after(() => rm(home, { recursive: true, force: true }));

  it('synthesises offline: functions, routes, queues, schedules, database, proxy and alarms, with bundle sizes', async () => {
    const out = join(home, 'cdk.out');
    const { code, stderr } = await run('cdk', ['synth', '--quiet', '-o', out], home);
    assert.equal(code, 0, stderr);
    const template = JSON.parse(await readFile(join(out, 'Clairless.template.json'), 'utf8'));
    const count = (type: string) =>
      Object.values(template.Resources as Record<string, { Type: string }>).filter((r) => r.Type === type)
        .length;
    assert.deepEqual(
      {
        functions: count('AWS::Lambda::Function') >= 7,
        routes: count('AWS::ApiGatewayV2::Route'),
        queues: count('AWS::SQS::Queue'),
        schedules: count('AWS::Scheduler::Schedule'),
        databases: count('AWS::RDS::DBInstance'),
        proxies: count('AWS::RDS::DBProxy'),
        alarms: count('AWS::CloudWatch::Alarm') > 0,
        migrations: count('Custom::ClairlessMigrations'),
      },
      {
        functions: true,
        routes: 5,
        queues: 8,
        schedules: 2,
        databases: 1,
        proxies: 1,
        alarms: true,
        migrations: 1,
      },
    );
    for (const name of readdirSync(join(ROOT, 'functions')).map((file) => file.replace(/\.ts$/, ''))) {
      assert.match(stderr, new RegExp(`bundle ${name}: \\d+\\.\\d\\d MiB`));
    }
  });

  it('fails on a config error with the message npm start gives', async () => {
    const bad = join(home, 'bad.yaml');
    await writeFile(bad, 'log_level: loud\nmatcher:\n  period: soon\n');
    const start = await run('node', [join(ROOT, 'lib/cli/main.ts'), 'serve', '--config', bad], home);
    const synth = await run(
      'cdk',
      ['synth', '--quiet', '-c', `config=${bad}`, '-o', join(home, 'bad.out')],
      home,
    );
    assert.notEqual(start.code, 0);
    assert.notEqual(synth.code, 0);
    const message = start.stderr.trim();
    assert.match(
      message,
      /^clairless: invalid configuration in .*bad\.yaml:\n.*log_level: "loud"[^\n]*\n.*matcher\.period/,
    );
    assert.ok(synth.stderr.includes(message), `synth said:\n${synth.stderr}`);
  });
});
