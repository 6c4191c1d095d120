import type { ScannedPackage } from '../../indexer/types.ts';
import { parseRpmHeader, TAG } from './header.ts';

/**
 * The package an rpm header describes, or undefined for a `gpg-pubkey` (rpm keeps imported keys
 * as pseudo-packages). Version is the minimal EVR: the epoch only when it is not 0.
 */
export function rpmPackage(blob: Buffer, packageDb: string): ScannedPackage | undefined {
  const header = parseRpmHeader(blob);
  const name = header.string(TAG.name);
  if (name === undefined || name === 'gpg-pubkey') return undefined;
  const epoch = header.int32(TAG.epoch) ?? 0;
  const evr = `${epoch === 0 ? '' : `${epoch}:`}${header.string(TAG.version) ?? ''}-${header.string(TAG.release) ?? ''}`;
  const label = header.string(TAG.modularityLabel) ?? '';
  const parts = label.split(':');
  return {
    name,
    version: evr,
    arch: header.string(TAG.arch) ?? '',
    module: parts.length >= 3 ? `${parts[0]}:${parts[1]}` : '',
    source: sourcePackage(header.string(TAG.sourceRpm)),
    packageDb,
    repositoryHint: '',
    filepath: '',
  };
}

// "openssl-3.0.7-25.el9_3.src.rpm" is the source package openssl, version 3.0.7-25.el9_3. Source
// rpms never record an epoch, so none is given.
function sourcePackage(sourceRpm: string | undefined): ScannedPackage['source'] {
  if (sourceRpm === undefined || sourceRpm === '') return undefined;
  const nvr = sourceRpm.replace(/\.rpm$/, '').replace(/\.(no)?src$/, '');
  const match = /^(.+)-([^-]+)-([^-]+)$/.exec(nvr);
  return match === null ? undefined : { name: match[1] as string, version: `${match[2]}-${match[3]}` };
}
