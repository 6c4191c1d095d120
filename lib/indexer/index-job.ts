import { InvalidInputError } from '../errors.ts';
import { type Manifest, parseManifest } from './manifest.ts';

/** An index-jobs message: the manifest as posted, layer headers included (SQS keeps them encrypted). */
export type IndexJob = { readonly manifest: Manifest };

/** Narrows an index-jobs message body. */
export function parseIndexJob(body: string): IndexJob {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new InvalidInputError(`index job is not JSON: ${(cause as Error).message}`, { cause });
  }
  const manifest = (value as { manifest?: unknown } | null)?.manifest;
  return { manifest: parseManifest(manifest) };
}
