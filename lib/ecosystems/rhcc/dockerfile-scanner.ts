// Red Hat images from the legacy build system, found by the Dockerfile their build left in
// root/buildinfo (claircore's rhcc scanner): the image is a package named after its repositories.
import { InvalidInputError } from '../../errors.ts';
import type { LayerFiles } from '../../indexer/layer-files.ts';
import type { PackageScanner, RepositoryScanner, ScanContext, ScannedPackage } from '../../indexer/types.ts';
import { parseRhcTag, rhcTagVersion } from '../../versions/rhctag.ts';
import { dockerfileLabels } from './dockerfile-labels.ts';
import { checkNameMappingConfig, containerRepositories } from './name-mapping.ts';
import { GOLD_REPO, RHCC_HINT } from './repository.ts';

const SCANNER = 'rhel_containerscanner';
const DOCKERFILE = /^root\/buildinfo\/Dockerfile-[^/]*$/;

const buildinfoDockerfiles = (files: LayerFiles): string[] =>
  [...files.paths()].filter((p) => DOCKERFILE.test(p)).sort();

export const rhccDockerfileScanner: PackageScanner = {
  name: SCANNER,
  version: '2',
  kind: 'package',
  wants: (path) => (DOCKERFILE.test(path) ? 'content' : 'none'),
  checkConfig: (config) => checkNameMappingConfig(config, SCANNER),
  async scan(files, ctx) {
    // The file name ends in the image's `<version>-<release>`, so it holds at least two dashes.
    const path = buildinfoDockerfiles(files).find((p) => p.split('-').length > 2);
    const text = path === undefined ? undefined : files.text(path);
    if (path === undefined || text === undefined) return [];
    if (ctx === undefined) throw new Error(`${SCANNER} scans only with its scan context`);
    return imagePackages(path, text, ctx);
  },
};

async function imagePackages(path: string, text: string, ctx: ScanContext): Promise<ScannedPackage[]> {
  let labels: Map<string, string>;
  try {
    labels = dockerfileLabels(text);
  } catch (cause) {
    throw new InvalidInputError(`${path}: ${(cause as Error).message}`, { cause });
  }
  const version = path.split('-').slice(-2).join('-');
  let normalized: ScannedPackage['normalizedVersion'];
  try {
    normalized = { kind: 'rhctag', v: rhcTagVersion(parseRhcTag(version)) };
  } catch {
    // Images not versioned major.minor (UBI's own, say) have no stream to match in.
    return [];
  }
  const component = labels.get('com.redhat.component');
  const name = labels.get('name');
  const arch = labels.get('architecture');
  if (component === undefined || name === undefined || arch === undefined) {
    ctx.log.info('rhcc dockerfile skip: labels missing', {
      path,
      want: ['com.redhat.component', 'name', 'architecture'],
    });
    return [];
  }
  const common = {
    version,
    arch,
    module: '',
    normalizedVersion: normalized,
    packageDb: path,
    repositoryHint: RHCC_HINT,
    filepath: '',
  };
  const source = { name: component, version, arch, normalizedVersion: normalized };
  // One image can be published in several repositories (ubi8/toolbox and rhel8/toolbox): one
  // binary package for each, and an ancestry one for advisories about images built on it.
  const repositories = await containerRepositories(name, SCANNER, ctx);
  return [
    { ...common, kind: 'source', name: component, source: undefined },
    ...repositories.flatMap((repo) => [
      { ...common, kind: 'binary' as const, name: repo, source },
      { ...common, kind: 'ancestry' as const, name: repo, source },
    ]),
  ];
}

export const rhccDockerfileRepositoryScanner: RepositoryScanner = {
  name: SCANNER,
  version: '1',
  kind: 'repository',
  wants: (path) => (DOCKERFILE.test(path) ? 'presence' : 'none'),
  scan: async (files) => (buildinfoDockerfiles(files).length === 0 ? [] : [GOLD_REPO]),
};
