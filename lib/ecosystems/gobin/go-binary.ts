import { InvalidInputError } from '../../errors.ts';
import type { ScannedPackage } from '../../indexer/types.ts';
import type { Logger } from '../../log.ts';
import { readBuildInfo } from './build-info.ts';
import { openExecutable } from './executable.ts';
import { goNormalizedVersion } from './go-version.ts';
import type { RandomAccess } from './mapped-file.ts';
import { type ModInfo, parseModInfo } from './mod-info.ts';

const NO_MODULES: ModInfo = { path: '', main: undefined, deps: [], settings: [] };
// Real binaries depend on hundreds of modules at most; more is crafted.
const MAX_DEPS = 100_000;

/**
 * The packages a Go binary was built from, as claircore's gobin reports them: `stdlib` at the
 * toolchain's version, the main module, and every dependency with its replacement applied; none
 * for a file that is no Go binary. Throws InvalidInputError when the binary is cut short, its
 * build info is malformed, or it names more than MAX_DEPS dependencies.
 */
export function goBinaryPackages(path: string, file: RandomAccess, log?: Logger): ScannedPackage[] {
  const exe = openExecutable(file);
  const info = exe === undefined ? undefined : readBuildInfo(exe);
  if (info === undefined) return [];
  const mod = info.modInfo === '' ? NO_MODULES : parseModInfo(info.modInfo);
  if (mod.deps.length > MAX_DEPS) {
    throw new InvalidInputError(`Go build info names ${mod.deps.length} dependencies, more than ${MAX_DEPS}`);
  }
  const unparsed: Record<string, string> = {};
  const pkg = (name: string, version: string): ScannedPackage => {
    const normalizedVersion = goNormalizedVersion(version);
    if (normalizedVersion === undefined) unparsed[name] = version;
    return {
      name,
      version,
      kind: 'binary',
      arch: '',
      module: '',
      normalizedVersion,
      source: undefined,
      packageDb: `go:${path}`,
      repositoryHint: '',
      filepath: path,
    };
  };
  // `go1.20.12 X:strictfipsruntime` is toolchain 1.20.12 with an experiment.
  const toolchain = info.goVersion.replace(/^go/, '').split(' ')[0] as string;
  const packages = [
    pkg('stdlib', toolchain),
    // As `go version -m` names a binary built from files on the command line, or outside module mode.
    pkg(mod.main?.path || 'command-line-arguments', mainVersion(mod)),
    ...mod.deps.map((d) => pkg((d.replace ?? d).path, (d.replace ?? d).version)),
  ];
  if (Object.keys(unparsed).length > 0)
    log?.debug('gobin versions not semantic', { path, versions: unparsed });
  return packages;
}

/**
 * The main module's version. Before Go 1.24 a module built from its own source tree is `(devel)`;
 * claircore then names the version control state stamped in the build settings instead.
 */
function mainVersion(mod: ModInfo): string {
  const version = mod.main?.version ?? '';
  if (goNormalizedVersion(version) !== undefined || (version !== '' && version !== '(devel)')) return version;
  const vcs: string[] = [];
  for (const { key, value } of mod.settings) {
    if (key === 'vcs') vcs.push(value);
    else if (key === 'vcs.revision')
      vcs.push(`${value.length === 40 || value.length === 64 ? 'commit' : 'rev'} ${value}`);
    else if (key === 'vcs.time') vcs.push(`built at ${value}`);
    else if (key === 'vcs.modified' && value === 'true') vcs.push('dirty');
  }
  return vcs.length > 0 ? `(devel) (${vcs.join(', ')})` : '(devel)';
}
