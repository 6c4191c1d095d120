// The rhel-vex fingerprint, as claircore writes it: `<changes.csv ETag>\<deletions.csv ETag>\<RFC
// 3339 request time>\<version>`. Backslashes, because RFC 9110 tells servers to avoid them in ETags.

export type VexFingerprint = {
  readonly changesEtag: string;
  readonly deletionsEtag: string;
  /** Changes and deletions at or after this time are fetched next run. */
  readonly requestTime: Date;
  /** `6`, `+ignore_kernel` when kernel packages are left out: a change forces a full reload. */
  readonly version: string;
};

/** The fingerprint; undefined when there is none or it is not one of ours. */
export function parseVexFingerprint(text: string | undefined): VexFingerprint | undefined {
  const parts = (text ?? '').split('\\');
  if (parts.length !== 4) return undefined;
  const [changesEtag = '', deletionsEtag = '', time = '', version = ''] = parts;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(time)) return undefined;
  return { changesEtag, deletionsEtag, requestTime: new Date(time), version };
}

export function formatVexFingerprint(fp: VexFingerprint): string {
  const time = fp.requestTime.toISOString().replace(/\.\d+Z$/, 'Z');
  return [fp.changesEtag, fp.deletionsEtag, time, fp.version].join('\\');
}
