// The advisories of an OSV dump (`<Ecosystem>/all.zip`), parsed one entry at a time.
import { InvalidInputError, withContext } from '../../errors.ts';
import { type Advisory, parseAdvisory } from './advisory.ts';
import { readZipEntries } from './zip-entries.ts';

export type DumpAdvisory = { readonly entry: string; readonly advisory: Advisory };

/**
 * Each advisory of the zip fetched from feed; a broken zip, or an entry that is not an OSV
 * advisory, fails with an error naming the feed and the entry.
 */
export async function* readAdvisories(
  file: string,
  feed: string,
  signal: AbortSignal,
): AsyncGenerator<DumpAdvisory> {
  try {
    for await (const { name, text } of readZipEntries(file)) {
      signal.throwIfAborted();
      yield { entry: name, advisory: parseAdvisory(parseJson(text, name), name) };
    }
  } catch (err) {
    throw withContext(err, `feed ${feed}`);
  }
}

function parseJson(text: string, entry: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(`osv entry ${JSON.stringify(entry)}: not JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
}
