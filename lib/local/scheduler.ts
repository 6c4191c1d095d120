import type { Logger } from '../log.ts';

export type Schedule = {
  /** Stops firing and waits for a fire in progress to finish. */
  stop(): Promise<void>;
};

/**
 * Fires at start and then every periodMs, like the EventBridge schedule plus Clair's run at
 * start-up. A failing fire is logged and the schedule goes on.
 */
export function startSchedule(
  name: string,
  periodMs: number,
  fire: () => Promise<void>,
  log: Logger,
): Schedule {
  let running: Promise<void> = Promise.resolve();
  const run = (): void => {
    running = fire().then(
      () => log.info('schedule fire', { schedule: name }),
      (err: unknown) => log.error('schedule fire fail', { schedule: name, err }),
    );
  };
  run();
  const timer = setInterval(run, periodMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
