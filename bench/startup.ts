// How long the local runtime takes to answer: a first start (initdb of a fresh data dir) and a
// restart on the same data dir. The target is well under 30 s.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../lib/config/load.ts';
import { startLocalRuntime } from '../lib/local/runtime.ts';
import { createLogger } from '../lib/log.ts';
import { freePorts } from '../test/helpers/free-port.ts';

async function timeStart(yaml: string): Promise<number> {
  const started = performance.now();
  const runtime = await startLocalRuntime(
    parseConfig(yaml, 'bench.yaml', {}).config,
    createLogger({ level: 'error' }),
  );
  const response = await fetch(`${runtime.apiUrl}/readyz`);
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`readyz answered ${response.status}`);
  await runtime.stop();
  return elapsed;
}

export async function benchStartup(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'clairless-bench-'));
  await chmod(dir, 0o755);
  const [http, postgres, sqs] = await freePorts(3);
  const ports = { http, postgres, sqs };
  const yaml = [
    `http_listen_addr: "127.0.0.1:${ports.http}"`,
    `local: {data_dir: ${JSON.stringify(dir)}, postgres_port: ${ports.postgres}, sqs_port: ${ports.sqs}}`,
  ].join('\n');
  try {
    const first = await timeStart(yaml);
    const again = await timeStart(yaml);
    process.stdout.write(
      [
        'local runtime start-up (npm start without the npm and config overhead), target < 30 s',
        `  first start (initdb)  ${(first / 1000).toFixed(2)} s`,
        `  restart               ${(again / 1000).toFixed(2)} s`,
        '',
      ].join('\n'),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
