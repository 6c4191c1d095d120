import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseModInfo } from '../../../../lib/ecosystems/gobin/mod-info.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';

// The module text of /usr/lib/google-cloud-sdk/bin/kubectl (Go 1.23), cut down, as `go version -m` prints it.
const KUBECTL = [
  'path\tk8s.io/kubernetes/cmd/kubectl-sdk',
  'mod\tk8s.io/kubernetes\t(devel)\t',
  'dep\tgithub.com/MakeNowJust/heredoc\tv1.0.0\th1:cXCdzVdstXyiTqTvfqk9SDHpKNjxuom+DOlyEeQ4pzQ=',
  'dep\tk8s.io/api\tv0.0.0\t',
  '=>\t./staging/src/k8s.io/api\t(devel)\t',
  'build\t-compiler=gc',
  'build\t-ldflags="-X \'k8s.io/client-go/pkg/version.gitVersion=v1.33.1\'"',
  'build\tCGO_ENABLED=0',
  'build\tvcs=git',
  'build\tvcs.revision=4cb5f0764b8d5f425645c6f433394fede34a8a26',
  'build\tvcs.time=2025-05-15T20:08:10Z',
  'build\tvcs.modified=true',
  '',
].join('\n');

type GoParsed = {
  readonly main: readonly [path: string, version: string] | undefined;
  readonly deps: number;
  readonly settings: readonly (readonly [key: string, value: string])[];
};

// Module texts run through Go 1.19 runtime/debug.ParseBuildInfo: what it reads (main module, number of
// dependencies, settings), or undefined where it fails. Its build-line rules are unchanged since Go 1.18.
const GO_PARSED: [text: string, parsed: GoParsed | undefined][] = [
  ['mod\tm\tv1\t\nbuild\tkey with space=v\n', undefined],
  ['mod\tm\tv1\t\nbuild\tk=v w\n', undefined],
  ['mod\tm\tv1\t\nbuild\tk="a\\\'b"\n', undefined],
  ['mod\tm\tv1\t\nbuild\t"k k"="v v"\n', { main: ['m', 'v1'], deps: 0, settings: [['k k', 'v v']] }],
  ['mod\tm\tv1\t\nbuild\tk=`raw v`\n', { main: ['m', 'v1'], deps: 0, settings: [['k', 'raw v']] }],
  ['mod\tm\tv1\t\nbuild\t=x\n', undefined],
  ['mod\tm\tv1\t\nbuild\tk\n', undefined],
  ['mod\tm\tv1\t\nbuild\t\n', undefined],
  ['mod\tm\tv1\t\nbuild\tk=\n', { main: ['m', 'v1'], deps: 0, settings: [['k', '']] }],
  ['mod\tm\tv1\t\nbuild\tk=a"b\n', undefined],
  [
    'mod\tm\tv1\t\nbuild\tk="\\x41\\101\\u00e9\\U0001F600"\n',
    { main: ['m', 'v1'], deps: 0, settings: [['k', 'AAé😀']] },
  ],
  ['mod\tm\tv1\t\nbuild\tk="\\400"\n', undefined],
  ['mod\tm\tv1\t\nbuild\t"k"x=v\n', undefined],
  ['mod\tm\tv1\t\nbuild\t`k`=v\n', { main: ['m', 'v1'], deps: 0, settings: [['k', 'v']] }],
  ['mod\tm\tv1\t\r\ndep\ta\tv1\t\n', { main: ['m', 'v1'], deps: 1, settings: [] }],
  ['mod\tm\tv1\t\ndep\ta\tv1\t\t\n', undefined],
  ['mod\tm\tv1\t\n=>\tr\tv2\th\n=>\tr\tv3\th\n', undefined],
  ['dep\ta\tv1\n=>\tb\tv2\th\n', { main: undefined, deps: 1, settings: [] }],
  ['mod\tm\tv1\t\nbuild\tk="a"b\n', undefined],
  ['mod\tm\tv1\t\nbuild\tk="\\\n', undefined],
  ['mod\tm\tv1\t\nbuild\tk="\t"\n', { main: ['m', 'v1'], deps: 0, settings: [['k', '\t']] }],
  ['mod\tm\tv1\t\nbuild\tk=v\r\n', undefined],
  ['mod\tm\tv1\t\nbuild\tk\\=v\n', { main: ['m', 'v1'], deps: 0, settings: [['k\\', 'v']] }],
];

describe('gobin module text', () => {
  it('reads path, main module, dependencies with their replacements, and build settings', () => {
    const info = parseModInfo(KUBECTL);

    assert.equal(info.path, 'k8s.io/kubernetes/cmd/kubectl-sdk');
    assert.deepEqual(info.main, { path: 'k8s.io/kubernetes', version: '(devel)', sum: '' });
    assert.deepEqual(info.deps, [
      {
        path: 'github.com/MakeNowJust/heredoc',
        version: 'v1.0.0',
        sum: 'h1:cXCdzVdstXyiTqTvfqk9SDHpKNjxuom+DOlyEeQ4pzQ=',
      },
      {
        path: 'k8s.io/api',
        version: 'v0.0.0',
        sum: '',
        replace: { path: './staging/src/k8s.io/api', version: '(devel)', sum: '' },
      },
    ]);
    assert.deepEqual(info.settings, [
      { key: '-compiler', value: 'gc' },
      { key: '-ldflags', value: "-X 'k8s.io/client-go/pkg/version.gitVersion=v1.33.1'" },
      { key: 'CGO_ENABLED', value: '0' },
      { key: 'vcs', value: 'git' },
      { key: 'vcs.revision', value: '4cb5f0764b8d5f425645c6f433394fede34a8a26' },
      { key: 'vcs.time', value: '2025-05-15T20:08:10Z' },
      { key: 'vcs.modified', value: 'true' },
    ]);
  });

  it('reads a binary built outside module mode: a path and no module', () => {
    assert.deepEqual(
      parseModInfo('path\tgithub.com/docker/distribution/cmd/registry\nbuild\t-compiler=gc\n'),
      {
        path: 'github.com/docker/distribution/cmd/registry',
        main: undefined,
        deps: [],
        settings: [{ key: '-compiler', value: 'gc' }],
      },
    );
  });

  it("unquotes Go's quoted keys and values, escapes included", () => {
    const info = parseModInfo('build\t"odd key"="tab\\there \\x41\\101\\u00e9"\nbuild\tk=`raw \\n`\n');

    assert.deepEqual(info.settings, [
      { key: 'odd key', value: 'tab\there AA\u00e9' },
      { key: 'k', value: 'raw \\n' },
    ]);
  });

  it('ignores a last line without its newline, as Go does', () => {
    assert.equal(parseModInfo('path\ta\npath\tb').path, 'a');
  });

  const malformed: [text: string, message: string][] = [
    ['mod\tonly-a-path\n', 'Go build info line 1: expected 2 or 3 columns, got 1'],
    ['dep\ta\tv1\th1:x\n=>\tb\tv2\n', 'Go build info line 2: expected 3 columns for a replacement, got 2'],
    ['path\tx\n=>\tb\tv2\th1:y\n', 'Go build info line 2: replacement with no module on the line before'],
    ['build\t\n', "Go build info line 1: build line missing '='"],
    ['build\t=x\n', 'Go build info line 1: build line with missing key'],
    ['build\tnoequals\n', "Go build info line 1: build line missing '=' after key"],
    ['build\tk="open\n', 'Go build info line 1: invalid quoted value "open in build line'],
    ['build\tk="bad \\q"\n', 'Go build info line 1: invalid escape in quoted value "bad \\q" in build line'],
  ];
  for (const [text, message] of malformed) {
    it(`fails on ${JSON.stringify(text)}`, () => {
      assert.throws(
        () => parseModInfo(text),
        (err: Error) => err instanceof InvalidInputError && err.message === message,
      );
    });
  }

  for (const [text, parsed] of GO_PARSED) {
    it(`${parsed === undefined ? 'fails on' : 'reads'} ${JSON.stringify(text)} as Go's ParseBuildInfo does`, () => {
      const read = (): GoParsed => {
        const info = parseModInfo(text);
        return {
          main: info.main && [info.main.path, info.main.version],
          deps: info.deps.length,
          settings: info.settings.map((s) => [s.key, s.value]),
        };
      };
      if (parsed === undefined) assert.throws(read, InvalidInputError);
      else assert.deepEqual(read(), parsed);
    });
  }
});
