// What a VEX product's purl says about the advisory's package (claircore rhel/vex parser.go):
// which purls are used at all, the package name, module, arch and fixed version. A purl the
// data gets wrong throws PurlFieldError; the parser skips that product, as claircore does.
import type { Purl } from './purl.ts';

/** A usable purl missing a part the record needs; the product is skipped and logged. */
export class PurlFieldError extends Error {
  override name = 'PurlFieldError';
}

// Kernel packages that can sit in a container; other kernel-* packages (headers, docs,
// debuginfo) are left out because images ship them without running that kernel.
const ALLOWED_KERNEL_PACKAGES = new Set([
  'kernel',
  'kernel-core',
  'kernel-modules',
  'kernel-modules-core',
  'kernel-modules-extra',
  'kernel-uki-virt',
  'kernel-uki-virt-addons',
  'kernel-rt',
  'kernel-rt-core',
  'kernel-rt-kvm',
  'kernel-rt-modules',
  'kernel-rt-modules-core',
  'kernel-rt-modules-extra',
  'kernel-64k',
  'kernel-64k-core',
  'kernel-64k-modules',
  'kernel-64k-modules-core',
  'kernel-64k-modules-extra',
  'kernel-rt-64k',
  'kernel-rt-64k-core',
  'kernel-rt-64k-kvm',
  'kernel-rt-64k-modules',
  'kernel-rt-64k-modules-core',
  'kernel-rt-64k-modules-extra',
]);

/** Red Hat RPMs and container images; kernel packages only from the allow-list, or none at all. */
export function isUsablePurl(purl: Purl, ignoreKernelPackages: boolean): boolean {
  if (purl.type !== 'rpm' && purl.type !== 'oci') return false;
  if (purl.name.startsWith('kernel') && (ignoreKernelPackages || !ALLOWED_KERNEL_PACKAGES.has(purl.name)))
    return false;
  return purl.type === 'oci' || purl.namespace === 'redhat';
}

/** RPMs: the name. Images: `namespace/name`, else the path of repository_url, else the name. */
export function packageName(purl: Purl): string {
  if (purl.type !== 'oci') return purl.name;
  if (purl.namespace !== '') return `${purl.namespace}/${purl.name}`;
  const repositoryUrl = purl.qualifiers.get('repository_url');
  if (repositoryUrl === undefined) return purl.name;
  const slash = repositoryUrl.indexOf('/');
  if (slash === -1) throw new PurlFieldError(`repository_url ${JSON.stringify(repositoryUrl)} has no path`);
  return repositoryUrl.slice(slash + 1);
}

/** The rpmmod qualifier cut to `name:stream`; "" without one. */
export function moduleName(purl: Purl): string {
  const rpmmod = purl.qualifiers.get('rpmmod');
  if (rpmmod === undefined) return '';
  const [name = '', stream = ''] = rpmmod.split(':');
  if (!rpmmod.includes(':') || stream === '')
    throw new PurlFieldError(`rpmmod ${JSON.stringify(rpmmod)} is not name:stream[:…]`);
  return `${name}:${stream}`;
}

/** RPMs: `epoch:version` (epoch 0 by default), "" without a version. Images: the tag qualifier. */
export function fixedInVersion(purl: Purl): string {
  if (purl.type === 'oci') {
    const tag = purl.qualifiers.get('tag');
    if (tag === undefined) throw new PurlFieldError('an image purl without a tag qualifier');
    return tag;
  }
  return purl.version === '' ? '' : `${purl.qualifiers.get('epoch') ?? '0'}:${purl.version}`;
}

/** The arch qualifier, with amd64 and x86_64 standing for each other; "" without one. */
export function archPattern(purl: Purl): string {
  const arch = purl.qualifiers.get('arch') ?? '';
  return arch === 'amd64' || arch === 'x86_64' ? 'amd64|x86_64' : arch;
}

/** Source RPMs: never installed, so they make no binary record. */
export function isSourceArch(purl: Purl): boolean {
  const arch = purl.qualifiers.get('arch');
  return arch === 'src' || arch === 'nosrc';
}
