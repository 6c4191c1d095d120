import { InvalidInputError } from '../../errors.ts';

/**
 * A saxes error ("4:18: unclosed tag: update") as an InvalidInputError naming the document:
 * `<where>: malformed XML: line 4 column 18: unclosed tag: update`. Our own errors pass through.
 */
export function malformedXml(err: unknown, where: string): InvalidInputError {
  if (err instanceof InvalidInputError) return err;
  const message = (err as Error).message.replace(/^(\d+):(\d+): /, 'line $1 column $2: ');
  return new InvalidInputError(`${where}: malformed XML: ${message}`, { cause: err });
}
