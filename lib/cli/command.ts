import type { Config } from '../config/types.ts';
import type { Logger } from '../log.ts';

/** One clairless command: the arguments after its name, answering the exit code. */
export type Command = (config: Config, log: Logger, args: readonly string[]) => Promise<number>;
