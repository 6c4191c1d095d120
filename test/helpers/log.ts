import { createLogger, type Logger } from '../../lib/log.ts';

export type CapturedLog = { readonly log: Logger; readonly entries: Record<string, unknown>[] };

/** A logger whose entries are kept for assertions instead of written out. */
export function captureLog(): CapturedLog {
  const entries: Record<string, unknown>[] = [];
  const log = createLogger({ level: 'debug', write: (line) => entries.push(JSON.parse(line)) });
  return { log, entries };
}
