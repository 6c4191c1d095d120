// Releases and repositories as the Alpine secdb lays them out: `v3.18/main.json`, `edge/community.json`.

/** The secdb's repositories, one JSON document each per release. */
export const SECDB_REPOS = ['main', 'community'] as const;
export type SecdbRepo = (typeof SECDB_REPOS)[number];

const RELEASE = /^(?:v(\d+\.\d+)|edge)$/;

/**
 * The release version the Alpine distribution scanner reports for a secdb folder
 * (`v3.18` -> `3.18`, `edge` -> `edge`); undefined for a name that is no release folder.
 */
export function releaseVersion(release: string): string | undefined {
  const match = RELEASE.exec(release);
  return match === null ? undefined : (match[1] ?? 'edge');
}

/** The updater name claircore gives one secdb document, e.g. `alpine-main-v3.18-updater`. */
export function secdbUpdaterName(repo: SecdbRepo, release: string): string {
  return `alpine-${repo}-${release}-updater`;
}
