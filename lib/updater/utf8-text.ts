import { InvalidInputError } from '../errors.ts';

/**
 * Bytes as UTF-8 text, chunk by chunk (a character split between chunks is joined); bytes that are
 * not UTF-8 throw InvalidInputError `<where()>: not UTF-8`, where() naming the place read so far.
 */
export async function* utf8Text(
  chunks: AsyncIterable<Uint8Array>,
  where: () => string,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch (cause) {
      throw new InvalidInputError(`${where()}: not UTF-8`, { cause });
    }
  };
  for await (const chunk of chunks) yield decode(chunk);
  yield decode();
}
