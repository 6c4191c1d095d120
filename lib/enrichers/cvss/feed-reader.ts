// Streams one year of NVD's CVE feed (API 2.0 JSON, about 66 MB a year uncompressed) as
// clair.cvss records, never holding more of the document than the CVE being read.
import { JSONParser } from '@streamparser/json';
import { UpstreamError } from '../../errors.ts';
import type { EnrichmentRecord } from '../../updater/types.ts';
import { cvssRecord } from './cvss-record.ts';

const FORMAT = 'NVD_CVE';

/**
 * The records of one feed document, in feed order. Bad JSON, a truncated document, an item that
 * is not a CVE, or a document that is not an NVD CVE feed (the `format` field says so) fails
 * with UpstreamError naming `source`: an empty or foreign document must not pass for a year
 * without CVEs.
 */
export async function* readNvdFeed(
  chunks: AsyncIterable<Uint8Array>,
  source: string,
): AsyncGenerator<EnrichmentRecord> {
  const prefix = `feed ${source}`;
  // keepStack false: a CVE is dropped from the list once emitted, so memory stays flat.
  const parser = new JSONParser({ paths: ['$.format', '$.vulnerabilities.*'], keepStack: false });
  const pending: EnrichmentRecord[] = [];
  let format: unknown;
  parser.onValue = ({ value, key }) => {
    if (key === 'format') {
      format = value;
      return;
    }
    const record = cvssRecord(value, `${prefix}: vulnerabilities[${String(key)}]`);
    if (record !== undefined) pending.push(record);
  };
  let bytes = 0;
  for await (const chunk of chunks) {
    try {
      parser.write(chunk);
    } catch (err) {
      throw malformed(err, prefix);
    }
    bytes += chunk.byteLength;
    yield* pending.splice(0);
  }
  if (!parser.isEnded) {
    try {
      parser.end();
    } catch (cause) {
      throw new UpstreamError(`${prefix}: truncated after ${bytes} bytes: ${(cause as Error).message}`, {
        cause,
      });
    }
  }
  yield* pending.splice(0);
  if (format !== FORMAT) {
    const got = format === undefined ? 'no format field' : `format ${JSON.stringify(format)}`;
    throw new UpstreamError(`${prefix}: not an NVD CVE feed: ${got}, want format "${FORMAT}"`);
  }
}

// Errors of the parser itself say where in the document they happened ("absolute position").
function malformed(err: unknown, prefix: string): unknown {
  if (err instanceof UpstreamError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new UpstreamError(`${prefix}: malformed JSON: ${message}`, { cause: err });
}
