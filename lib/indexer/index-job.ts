import { parseJsonMessage } from '../queue/parse-message.ts';
import { type Manifest, parseManifest } from './manifest.ts';

/** An index-jobs message: the manifest as posted, layer headers included (SQS keeps them encrypted). */
export type IndexJob = { readonly manifest: Manifest };

/** Narrows an index-jobs message body. */
export function parseIndexJob(body: string): IndexJob {
  const value = parseJsonMessage(body, 'index job');
  const manifest = (value as { manifest?: unknown } | null)?.manifest;
  return { manifest: parseManifest(manifest) };
}
