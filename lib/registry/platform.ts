import { InvalidInputError } from '../errors.ts';

/** An image's platform as OCI indexes and Docker manifest lists name it. */
export type Platform = { readonly os: string; readonly architecture: string; readonly variant?: string };

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

/** `os/architecture[/variant]`, as docker's --platform takes it. */
export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9._-]+$/.test(p))) {
    throw new InvalidInputError(
      `platform ${JSON.stringify(text)} is not os/architecture[/variant], such as linux/arm64`,
    );
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return { os, architecture, ...(variant === undefined ? {} : { variant }) };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

// arm64 images are v8 whether or not the index says so (containerd's rule).
const variantOf = (p: Platform) => p.variant ?? (p.architecture === 'arm64' ? 'v8' : undefined);

/** Whether an index entry's platform is the one asked for; a request without variant takes any. */
export function platformMatches(entry: Platform, wanted: Platform): boolean {
  if (entry.os !== wanted.os || entry.architecture !== wanted.architecture) return false;
  return wanted.variant === undefined || variantOf(entry) === variantOf(wanted);
}
