import { AsyncLocalStorage } from 'node:async_hooks';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export type LoggerOptions = {
  readonly level: LogLevel;
  /** Where lines go; stderr by default so stdout stays free for command output. */
  readonly write?: (line: string) => void;
};

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Per-invocation fields (request_id, job) live here rather than in module state, because the
// local runtime serves many requests at once in one process.
const invocation = new AsyncLocalStorage<LogFields>();

/** Runs fn with fields added to every log line written while it runs. */
export function withLogFields<T>(fields: LogFields, fn: () => T): T {
  return invocation.run({ ...invocation.getStore(), ...fields }, fn);
}

export function createLogger(options: LoggerOptions, base: LogFields = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const min = RANK[options.level];
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (RANK[level] < min) return;
    const time = new Date().toISOString();
    const entry: Record<string, unknown> = { time, level, msg, ...base, ...invocation.getStore(), ...fields };
    // Set again so no field can pass itself off as the time, level or message (keys keep their place).
    Object.assign(entry, { time, level, msg });
    write(`${JSON.stringify(entry, errorReplacer())}\n`);
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger(options, { ...base, ...fields }),
  };
}

/**
 * Errors serialise as their name, message and cause chain (JSON.stringify would give `{}`); an
 * error met again further down its own chain is written as "[circular]".
 */
function errorReplacer(): (key: string, value: unknown) => unknown {
  const seen = new WeakSet<Error>();
  return (_key, value) => {
    if (!(value instanceof Error)) return value;
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    const out: Record<string, unknown> = { name: value.name, message: value.message };
    if (value.cause !== undefined) out.cause = value.cause;
    return out;
  };
}
