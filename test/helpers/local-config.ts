import { rmSync } from 'node:fs';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './free-port.ts';

export type LocalSetup = {
  readonly dataDir: string;
  readonly httpPort: number;
  readonly postgresPort: number;
  readonly sqsPort: number;
  /** A config file body for these ports and folder, plus any extra YAML. */
  readonly yaml: string;
};

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh data dir and free ports for one local runtime, so tests never touch :6060 or
 * .clairless. The folder is removed when the test process exits. No updater runs unless the
 * caller configures one (upstream feeds are not on loopback).
 */
export async function localSetup(extraYaml = '', updatersYaml = 'updaters: {sets: []}'): Promise<LocalSetup> {
  const dataDir = await mkdtemp(join(tmpdir(), 'clairless-local-'));
  made.push(dataDir);
  // Embedded PostgreSQL runs as its own user when tests run as root, and must enter this folder.
  await chmod(dataDir, 0o755);
  const [httpPort, postgresPort, sqsPort] = (await freePorts(3)) as [number, number, number];
  const yaml = [
    `http_listen_addr: "127.0.0.1:${httpPort}"`,
    'log_level: debug',
    'local:',
    `  data_dir: ${JSON.stringify(dataDir)}`,
    `  postgres_port: ${postgresPort}`,
    `  sqs_port: ${sqsPort}`,
    updatersYaml,
    extraYaml,
  ].join('\n');
  return { dataDir, httpPort, postgresPort, sqsPort, yaml };
}

/** Polls check until it returns a value, for at most timeoutMs; the failure names what was awaited. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits (up to two minutes) for the running stack to record a first update operation of the updater. */
export function firstUpdateOperation(
  apiUrl: string,
  updater: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<true> {
  return eventually(
    `a first ${updater} operation`,
    async () => {
      const res = await fetch(`${apiUrl}/matcher/api/v1/internal/update_operation`, { headers });
      const body = (await res.json()) as Record<string, unknown[]>;
      return body[updater]?.length ? true : undefined;
    },
    120_000,
  );
}
