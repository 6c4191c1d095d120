import type { Digest } from './digest.ts';

/** Where a manifest's index report lives (relative, as Clair sends it). */
export const reportPath = (manifest: Digest): string => `/indexer/api/v1/index_report/${manifest}`;

/** Clair's Location and Link headers of an index response. */
export function reportLinks(manifest: Digest): Record<string, string> {
  return {
    location: reportPath(manifest),
    link: [
      `<${reportPath(manifest)}>; rel="https://projectquay.io/clair/v1/index_report"`,
      `</matcher/api/v1/vulnerability_report/${manifest}>; rel="https://projectquay.io/clair/v1/vulnerability_report"`,
    ].join(', '),
  };
}
