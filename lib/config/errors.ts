import { ConfigError } from '../errors.ts';

/** One thing wrong with the configuration, located by key path and file line. */
export type ConfigProblem = {
  readonly path: string;
  readonly line: number | undefined;
  readonly message: string;
};

/** Every problem found in one configuration file, reported together so one run shows them all. */
export class ConfigFileError extends ConfigError {
  override name = 'ConfigFileError';
  readonly file: string;
  readonly problems: readonly ConfigProblem[];
  constructor(file: string, problems: readonly ConfigProblem[]) {
    const lines = problems.map(
      (p) => `  ${file}${p.line === undefined ? '' : `:${p.line}`}: ${p.path}: ${p.message}`,
    );
    super(`invalid configuration in ${file}:\n${lines.join('\n')}`);
    this.file = file;
    this.problems = problems;
  }
}
