import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { assertPortFree } from '../../../lib/local/ports.ts';
import { createTestDatabase } from '../../helpers/database.ts';
import { eventually, localSetup } from '../../helpers/local-config.ts';

const ROOT = join(import.meta.dirname, '../../..');
const MAIN = join(ROOT, 'lib/cli/main.ts');

type Exit = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function collect(child: ChildProcess): { output: () => Exit; exited: Promise<Exit> } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const output = () => ({ code: child.exitCode, signal: child.signalCode, stdout, stderr });
  const exited = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { output, exited };
}

function clairless(args: readonly string[], env: Record<string, string> = {}): Promise<Exit> {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  return collect(child).exited;
}

describe('clairless command', () => {
  it('npm start runs the stack until Ctrl-C, then stops cleanly', async () => {
    const setup = await localSetup();
    const file = join(setup.dataDir, 'config.yaml');
    await writeFile(file, setup.yaml);
    // Its own process group, so the signal reaches npm and node as a terminal's Ctrl-C does.
    const child = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, CLAIR_CONF: file },
      detached: true,
    });
    const run = collect(child);
    try {
      await eventually(
        'the ready line',
        async () => {
          const { stdout, stderr, code } = run.output();
          if (code !== null)
            throw new Error(`npm start exited ${code} before it was ready:\n${stdout}\n${stderr}`);
          return stdout.includes('clairless is ready') ? true : undefined;
        },
        60_000,
      );
      assert.match(run.output().stdout, new RegExp(`API {7}http://127\\.0\\.0\\.1:${setup.httpPort}`));
      const health = await fetch(`http://127.0.0.1:${setup.httpPort}/healthz`);
      assert.equal(await health.text(), 'ok\n');
    } finally {
      if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGINT');
    }
    const exit = await run.exited;
    // npm re-raises the SIGINT its script ended on, as a shell does; the script itself stopped cleanly.
    assert.equal(exit.signal ?? exit.code, 'SIGINT', exit.stderr);
    assert.match(exit.stdout, /clairless stopped/);
    assert.doesNotMatch(exit.stderr, /"level":"error"/);
    await assertPortFree('127.0.0.1', setup.postgresPort, 'postgres');
  });

  it('rejects a config with an unknown key, exiting 2 and naming the key path and line', async () => {
    const setup = await localSetup('indexer:\n  request_wiat: 5s\n');
    const file = join(setup.dataDir, 'bad.yaml');
    await writeFile(file, setup.yaml);
    const exit = await clairless(['serve', '--config', file]);
    assert.equal(exit.code, 2);
    assert.match(exit.stderr, /bad\.yaml:9: indexer\.request_wiat: unknown key/);
  });

  it('rejects a config with a wrong type, exiting 2', async () => {
    const setup = await localSetup('matcher:\n  period: often\n');
    const file = join(setup.dataDir, 'bad.yaml');
    await writeFile(file, setup.yaml);
    const exit = await clairless(['migrate', '--config', file]);
    assert.equal(exit.code, 2);
    assert.match(exit.stderr, /matcher\.period: want a duration/);
  });

  it('runs two migrations at once against one database, both succeeding', async () => {
    const db = await createTestDatabase();
    try {
      const setup = await localSetup();
      const file = join(setup.dataDir, 'config.yaml');
      await writeFile(file, setup.yaml);
      const env = { DATABASE_URL: db.url };
      const [a, b] = await Promise.all([
        clairless(['migrate', '--config', file], env),
        clairless(['migrate', '--config', file], env),
      ]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      const outputs = [a.stdout, b.stdout].sort();
      assert.match(outputs[0] as string, /^applied \d+ migrations/);
      assert.match(outputs[1] as string, /^database is up to date/);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query('SELECT schema_name, version FROM public.clairless_migration');
      await client.end();
      assert.equal(new Set(rows.map((r) => `${r.schema_name}/${r.version}`)).size, rows.length);
    } finally {
      await db.drop();
    }
  });

  it('rejects an unknown command with the usage', async () => {
    const exit = await clairless(['serev']);
    assert.equal(exit.code, 2);
    assert.match(exit.stderr, /unknown command "serev"/);
    assert.match(exit.stderr, /usage: clairless <command>/);
  });

  it('lists every command, and gives each its own usage with --help', async () => {
    const all = await clairless(['--help']);
    assert.equal(all.code, 0);
    for (const name of [
      'serve',
      'migrate',
      'admin',
      'export-updaters',
      'import-updaters',
      'manifest',
      'report',
    ]) {
      assert.match(all.stdout, new RegExp(`^  ${name}\\b`, 'm'));
      const one = await clairless([name, '--help']);
      assert.equal(one.code, 0, name);
      assert.match(one.stdout, new RegExp(`^usage: clairless ${name}\\b`));
    }
    const report = await clairless(['report', '--help']);
    for (const flag of [
      '--platform',
      '--username',
      '--password-stdin',
      '--insecure',
      '--host',
      '--format',
      '--fail-on',
      '--psk-key',
      '--timeout',
    ]) {
      assert.ok(report.stdout.includes(` ${flag} `) || report.stdout.includes(` ${flag}\n`), flag);
    }
  });
});
