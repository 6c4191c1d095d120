// Real Go binaries for the gobin tests: built at test time by the installed toolchain from the
// modules in testdata/ (offline: no proxy, the required modules zipped into a module cache in a
// temp folder), read back with `go version -m`, and put in layer tars by GNU tar with the
// permission bits given.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NO_ZIP, zipTree } from '../java/zip-build.ts';

export function goInstalled(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/** Why the tests building Go binaries are skipped, or false when go and zip are installed. */
export const GO_BUILD_SKIP = !goInstalled()
  ? 'go not installed: apt-get install golang-go'
  : NO_ZIP && `${NO_ZIP}: apt-get install zip`;

/** GOOS/GOARCH pairs built, one per executable format and word size. */
export const TARGETS = ['linux/amd64', 'linux/386', 'windows/amd64', 'darwin/amd64', 'darwin/arm64'] as const;
export type Target = (typeof TARGETS)[number];

export type GoBuilds = {
  /** The binary built for target from testdata/hello (which replaces example.com/greet by ../greet). */
  readonly binaries: ReadonlyMap<Target, string>;
  /** The same module committed in a git repository, built for linux/amd64 with its vcs stamp. */
  readonly vcs: { readonly binary: string; readonly revision: string; readonly time: string };
  cleanup(): void;
};

const TESTDATA = join(import.meta.dirname, 'testdata');

type Workspace = {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Builds testdata/hello for target into out; cgo only where env says so. */
  build(target: Target, out: string, args?: string[], env?: NodeJS.ProcessEnv): string;
};

/** A temp folder holding the test modules and a filled module cache; removed if fill throws. */
function withWorkspace<T>(fill: (w: Workspace) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'clairless-gobin-'));
  try {
    // Outside this repository, so no vcs stamp but the one the vcs build makes on purpose.
    cpSync(join(TESTDATA, 'hello'), join(dir, 'src/hello'), { recursive: true });
    cpSync(join(TESTDATA, 'greet'), join(dir, 'src/greet'), { recursive: true });
    const env = {
      ...process.env,
      GOFLAGS: '-mod=mod',
      GOPROXY: 'off',
      GOSUMDB: 'off',
      GOTOOLCHAIN: 'local',
      GO111MODULE: 'on',
      CGO_ENABLED: '0',
      GOCACHE: join(dir, 'cache'),
      GOPATH: join(dir, 'gopath'),
    };
    fillModuleCache(join(dir, 'gopath'));
    const build = (
      target: Target,
      out: string,
      args: string[] = [],
      extra: NodeJS.ProcessEnv = {},
    ): string => {
      const [goos, goarch] = target.split('/') as [string, string];
      execFileSync('go', ['build', ...args, '-o', out, '.'], {
        cwd: join(dir, 'src/hello'),
        env: { ...env, GOOS: goos, GOARCH: goarch, ...extra },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      return out;
    };
    return fill({ dir, env, build });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Why the tests linking Go binaries with the system linker are skipped, or false when they can run. */
export const EXTERNAL_LINK_SKIP =
  GO_BUILD_SKIP ||
  (spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status !== 0 &&
    'gcc not installed: apt-get install gcc');

export type LinkedBuilds = {
  /** Linked by gcc (cgo), which starts the data segment at an address that is no multiple of 16. */
  readonly external: string;
  /** The same as a position-independent executable: the build info lies ~470 KB into that segment. */
  readonly externalPie: string;
  /** A position-independent executable linked by Go: its first writable segment is read-only after relocation. */
  readonly pie: string;
  cleanup(): void;
};

/** testdata/hello for linux/amd64, linked in the ways that move its build info around. */
export function buildLinkedVariants(): LinkedBuilds {
  return withWorkspace(({ dir, build }) => {
    const cgo = { CGO_ENABLED: '1' };
    const external = ['-buildvcs=false', '-ldflags=-linkmode=external'];
    return {
      external: build('linux/amd64', join(dir, 'bin/external'), external, cgo),
      externalPie: build('linux/amd64', join(dir, 'bin/external-pie'), ['-buildmode=pie', ...external], cgo),
      pie: build('linux/amd64', join(dir, 'bin/pie'), ['-buildvcs=false', '-buildmode=pie']),
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  });
}

/** The binary's bytes with its section header table dropped from the ELF header (offset, count, names index). */
export function withoutSectionHeaders(elf: Buffer): Buffer {
  const copy = Buffer.from(elf);
  copy.writeBigUInt64LE(0n, 0x28);
  copy.writeUInt16LE(0, 0x3c);
  copy.writeUInt16LE(0, 0x3e);
  return copy;
}

/** Builds every binary; takes some seconds, so call it once per test file. */
export function buildGoBinaries(): GoBuilds {
  return withWorkspace(({ dir, env, build }) => {
    const binaries = new Map(
      TARGETS.map((t) => [t, build(t, join(dir, 'bin', t.replace('/', '-')), ['-buildvcs=false'])]),
    );

    const time = '2020-01-02T03:04:05Z';
    const git = (...args: string[]): string =>
      execFileSync('git', args, {
        cwd: join(dir, 'src/hello'),
        env: {
          ...env,
          GIT_AUTHOR_NAME: 'clairless',
          GIT_AUTHOR_EMAIL: 'clairless@example.com',
          GIT_AUTHOR_DATE: time,
          GIT_COMMITTER_NAME: 'clairless',
          GIT_COMMITTER_EMAIL: 'clairless@example.com',
          GIT_COMMITTER_DATE: time,
        },
        encoding: 'utf8',
      }).trim();
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'hello');
    const vcs = {
      binary: build('linux/amd64', join(dir, 'bin', 'vcs')),
      revision: git('rev-parse', 'HEAD'),
      time,
    };
    return { binaries, vcs, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  });
}

const CPU_TYPES: Readonly<Record<string, [type: number, subtype: number]>> = {
  'darwin/amd64': [0x01000007, 3],
  'darwin/arm64': [0x0100000c, 0],
};

/** A fat (universal) Mach-O file of the darwin binaries, slices aligned to 2^14 bytes as lipo lays them out. */
export function fatMachO(slices: readonly [target: 'darwin/amd64' | 'darwin/arm64', path: string][]): Buffer {
  const ALIGN = 14;
  const header = Buffer.alloc(8 + 20 * slices.length);
  header.writeUInt32BE(0xcafebabe, 0);
  header.writeUInt32BE(slices.length, 4);
  const parts: Buffer[] = [header];
  let at = header.length;
  slices.forEach(([target, path], i) => {
    const bytes = readFileSync(path);
    const offset = Math.ceil(at / 2 ** ALIGN) * 2 ** ALIGN;
    parts.push(Buffer.alloc(offset - at), bytes);
    const [type, subtype] = CPU_TYPES[target] as [number, number];
    const entry = 8 + 20 * i;
    header.writeUInt32BE(type, entry);
    header.writeUInt32BE(subtype, entry + 4);
    header.writeUInt32BE(offset, entry + 8);
    header.writeUInt32BE(bytes.length, entry + 12);
    header.writeUInt32BE(ALIGN, entry + 16);
    at = offset + bytes.length;
  });
  return Buffer.concat(parts);
}

/** Puts each module of testdata/modules (`<host>/<name>@<version>/`) in the download cache, as the go command fetches one. */
function fillModuleCache(gopath: string): void {
  const modules = join(TESTDATA, 'modules');
  for (const host of readdirSync(modules)) {
    for (const folder of readdirSync(join(modules, host))) {
      const [name = '', version = ''] = folder.split('@');
      const source = join(modules, host, folder);
      const tree = Object.fromEntries(
        readdirSync(source).map((f) => [`${host}/${folder}/${f}`, readFileSync(join(source, f))]),
      );
      const download = join(gopath, 'pkg/mod/cache/download', host, name, '@v');
      mkdirSync(download, { recursive: true });
      // Module zips hold no folder entries (-D).
      writeFileSync(join(download, `${version}.zip`), zipTree(tree, ['-D']));
      copyFileSync(join(source, 'go.mod'), join(download, `${version}.mod`));
      writeFileSync(join(download, `${version}.info`), JSON.stringify({ Version: version }));
    }
  }
}

/** What `go version -m` prints of a binary, as claircore's gobin names its packages. */
export type GoVersionM = {
  /** The toolchain version, e.g. `go1.19.8`. */
  readonly goVersion: string;
  /** The `mod` line's path and version; undefined when there is none (GOPATH-mode builds). */
  readonly main: readonly [path: string, version: string] | undefined;
  /** Each `dep` line's path and version, or those of the `=>` line replacing it. */
  readonly deps: readonly (readonly [path: string, version: string])[];
};

/** The packages claircore's gobin reports for what `go version -m` prints, mainVersion for the main module, sorted. */
export function fromGoVersionM(m: GoVersionM, mainVersion = m.main?.[1] ?? '(devel)'): string[][] {
  const stdlib = m.goVersion.replace(/^go/, '').split(' ')[0] as string;
  const all = [
    ['stdlib', stdlib],
    [m.main?.[0] ?? 'command-line-arguments', mainVersion],
    ...m.deps.map((d) => [...d]),
  ];
  return all.sort(([a = '', av = ''], [b = '', bv = '']) =>
    a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0,
  );
}

/** Name and version of each package, in the scanner's order (by name, then version). */
export const named = (packages: readonly { name: string; version: string }[]): string[][] =>
  packages.map((p) => [p.name, p.version]);

export function goVersionM(binary: string): GoVersionM {
  const out = execFileSync('go', ['version', '-m', binary], { encoding: 'utf8' });
  const [first = '', ...lines] = out.split('\n');
  const goVersion = first.slice(first.indexOf(': ') + 2);
  let main: [string, string] | undefined;
  const deps: [string, string][] = [];
  for (const line of lines) {
    const [, word, path = '', version = ''] = line.split('\t');
    if (word === 'mod') main = [path, version];
    else if (word === 'dep') deps.push([path, version]);
    else if (word === '=>') deps[deps.length - 1] = [path, version];
  }
  return { goVersion, main, deps };
}

/** A layer entry: a file copied from disk or given as bytes, with its mode, or a hard link to another entry. */
export type LayerEntrySpec =
  | { readonly from: string; readonly mode: number }
  | { readonly bytes: Buffer; readonly mode: number }
  | { readonly hardlink: string };

/** A tar of the entries made by GNU tar, owners and times fixed, modes as given. */
export function layerTar(entries: Readonly<Record<string, LayerEntrySpec>>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'clairless-gobin-layer-'));
  try {
    for (const [path, spec] of Object.entries(entries)) {
      const target = join(dir, path);
      mkdirSync(dirname(target), { recursive: true });
      if ('hardlink' in spec) linkSync(join(dir, spec.hardlink), target);
      else {
        if ('from' in spec) copyFileSync(spec.from, target);
        else writeFileSync(target, spec.bytes);
        chmodSync(target, spec.mode);
      }
    }
    return execFileSync(
      'tar',
      ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-cf', '-', '.'],
      { cwd: dir, maxBuffer: 2 ** 30 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
