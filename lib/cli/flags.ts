import { InvalidInputError } from '../errors.ts';

/**
 * Walks args: handle is offered each one with a way to take the next as its value, and answers
 * whether it was its flag. The arguments no handler took are answered in order.
 */
export function walkFlags(
  args: readonly string[],
  handle: (arg: string, value: () => string) => boolean,
): string[] {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new InvalidInputError(`${arg} needs a value`);
      return next;
    };
    if (!handle(arg, value)) rest.push(arg);
  }
  return rest;
}
