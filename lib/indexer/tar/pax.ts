import { LayerFormatError } from '../errors.ts';

export type PaxOverrides = { path?: string; linkTarget?: string; size?: number };

/** The records of a PAX extended header ("<length> <key>=<value>\n") that change the next entry. */
export function parsePax(data: Buffer, index: number): PaxOverrides {
  const out: PaxOverrides = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = space === -1 ? Number.NaN : Number(data.toString('latin1', at, space));
    if (!Number.isInteger(length) || length <= 0 || at + length > data.length) {
      throw new LayerFormatError(`tar entry ${index}: malformed PAX record at byte ${at}`);
    }
    const record = data.toString('utf8', space + 1, at + length - 1);
    const equals = record.indexOf('=');
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === 'path') out.path = value;
    else if (key === 'linkpath') out.linkTarget = value;
    else if (key === 'size') {
      const size = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isSafeInteger(size))
        throw new LayerFormatError(`tar entry ${index}: PAX size ${JSON.stringify(value)} is invalid`);
      out.size = size;
    }
    at += length;
  }
  return out;
}
