// One RPM OVAL document as an updater: claircore's ovalutil.Fetcher (conditional GET, then the
// compression named or detected) and RPMDefsToVulns, shared by Photon, Oracle and SUSE.
import { rename } from 'node:fs/promises';
import {
  COMPRESSION_EXTENSIONS,
  type Compression,
  compressionOfName,
  decompressedChunks,
  detectCompression,
} from '../../updater/decompress.ts';
import { fetchFeed } from '../../updater/fetch-feed.ts';
import type { Updater } from '../../updater/types.ts';
import { readOvalDefinitions, readOvalRefs } from './oval-document.ts';
import { definitionVulns, type PrototypesOf } from './oval-vulnerabilities.ts';

export type OvalFeed = {
  readonly name: string;
  readonly url: string;
  /** `auto` decides from the response's headers, else the URL (claircore's CompressionAuto). */
  readonly compression: Compression | 'auto';
  readonly prototypesOf: PrototypesOf;
};

/**
 * Fetches the document when its ETag or Last-Modified changed and reads it as it streams through
 * its decompressor. A malformed document, or one whose compression is not what was expected,
 * fails with InvalidInputError naming the URL; criteria with missing references are skipped with
 * one warning.
 */
export function ovalUpdater(feed: OvalFeed): Updater {
  const where = `oval ${feed.url}`;
  return {
    name: feed.name,
    async fetch(previous, ctx) {
      const fetched = await fetchFeed(feed.url, previous, ctx);
      if (fetched.unchanged) return fetched;
      const compression =
        feed.compression === 'auto' ? detectCompression(fetched.headers, feed.url) : feed.compression;
      // The spool's name ends as its compression does, so parse reads it as it would a downloaded file.
      const file = `${fetched.file}${COMPRESSION_EXTENSIONS[compression]}`;
      await rename(fetched.file, file);
      return { unchanged: false, file, bytes: fetched.bytes, fingerprint: fetched.fingerprint };
    },
    // Two reads of the spool, so no definition is kept: OVAL puts its definitions before the
    // tests, objects and states they refer to (a SUSE document is hundreds of MB of XML).
    async *parse(file, ctx) {
      const chunks = () => decompressedChunks(file, compressionOfName(file), where, ctx.signal);
      const refs = await readOvalRefs(chunks(), where);
      let skipped = 0;
      let first: string | undefined;
      const onDangling = (message: string) => {
        skipped++;
        first ??= message;
      };
      for await (const definition of readOvalDefinitions(chunks(), where)) {
        yield* definitionVulns(definition, refs, feed.prototypesOf, where, onDangling);
      }
      if (skipped > 0) ctx.log.warn('oval criteria skipped: missing references', { skipped, first });
    },
  };
}
