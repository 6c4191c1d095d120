import type { Config } from '../config/types.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import type { Logger } from '../log.ts';

/** `clairless serve`: the local runtime until Ctrl-C or SIGTERM. */
export async function runServe(config: Config, log: Logger): Promise<number> {
  const started = Date.now();
  const runtime = await startLocalRuntime(config, log);
  const auth =
    config.auth.psk !== undefined
      ? 'pre-shared key'
      : config.auth.keyserver !== undefined
        ? 'keyserver'
        : 'none (open)';
  const database =
    runtime.postgresDataDir === undefined
      ? runtime.database
      : `${runtime.database} (embedded, data in ${runtime.postgresDataDir})`;
  process.stdout.write(
    [
      `clairless is ready in ${((Date.now() - started) / 1000).toFixed(1)}s`,
      `  API       ${runtime.apiUrl}  (auth: ${auth})`,
      `  database  ${database}`,
      `  queues    ${runtime.sqsEndpoint}  (${runtime.queueNames.join(', ')}, each with a -dlq)`,
      `  health    ${runtime.apiUrl}/healthz  ${runtime.apiUrl}/readyz`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      log.info('serve stop', { signal });
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      // A second Ctrl-C while stopping ends the process at once.
      process.once('SIGINT', () => process.exit(130));
      resolve();
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
  await runtime.stop();
  process.stdout.write('clairless stopped\n');
  return 0;
}
