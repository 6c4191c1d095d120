// Lines of a byte stream, read only as fast as they are consumed: readline reads ahead of a slow
// consumer (the store) without bound, which on a large feed holds most of it in memory.

/** Each line as UTF-8 text, without its `\n` or `\r\n`; a last line without `\n` too. */
export async function* readLines(input: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  const text = (bytes: Buffer): string => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
    return bytes.toString('utf8', 0, end);
  };
  for await (const chunk of input) {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, nl));
      yield text(Buffer.concat(pending));
      pending = [];
      start = nl + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield text(Buffer.concat(pending));
}
