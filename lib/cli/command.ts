import type { Config } from '../config/types.ts';
import type { Env } from '../config/yaml-reader.ts';
import type { Logger } from '../log.ts';

/** What a command may touch of its process, given by the entry point. */
export type CommandIo = {
  readonly env: Env;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** All of stdin, read once, its trailing newline dropped (a password, say). */
  readStdin(): Promise<string>;
};

/** One clairless command: the arguments after its name, answering the exit code. */
export type Command = (
  config: Config,
  log: Logger,
  args: readonly string[],
  io: CommandIo,
) => Promise<number>;
