import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { photonRelease } from '../../../../lib/ecosystems/photon/distribution-scanner.ts';
import type {
  OvalCriteria,
  OvalDefinition,
  OvalDocument,
  OvalObject,
  OvalState,
  OvalTest,
} from '../../../../lib/ecosystems/rpm/oval-document.ts';
import {
  definitionPrototype,
  ovalLinks,
  type PrototypesOf,
  rpmDefsToVulns,
} from '../../../../lib/ecosystems/rpm/oval-vulnerabilities.ts';
import type { Vulnerability } from '../../../../lib/updater/types.ts';

const FEED = 'oval http://x/feed.xml';
const DIST = photonRelease('3.0');
assert.ok(DIST !== undefined);

const definition = (criteria: OvalCriteria, fields: Partial<OvalDefinition> = {}): OvalDefinition => ({
  id: 'oval:x:def:1',
  title: 'PHSA-1',
  description: 'd',
  severity: 'Important',
  issued: '2023-01-02T00:00:00.000Z',
  links: [],
  platforms: [],
  cpes: [],
  criteria,
  ...fields,
});
const leaf = (...refs: [testRef: string, comment?: string][]): OvalCriteria => ({
  criteria: [],
  criterions: refs.map(([testRef, comment = '']) => ({ testRef, comment })),
});

/** A document whose tests, objects and states are the named ones. */
function document(
  definitions: OvalDefinition[],
  tests: Record<string, OvalTest>,
  objects: Record<string, OvalObject> = {},
  states: Record<string, OvalState> = {},
): OvalDocument {
  return {
    definitions,
    tests: new Map(Object.entries(tests)),
    objects: new Map(Object.entries(objects)),
    states: new Map(Object.entries(states)),
  };
}
const rpmTest = (objectRef: string, stateRef?: string): OvalTest => ({
  kind: 'rpminfo',
  objectRef,
  stateRef,
});
const rpmObject = (name: string): OvalObject => ({ kind: 'rpminfo', name });
const rpmState = (evr?: string, arch?: [string, string]): OvalState => ({
  kind: 'rpminfo',
  evr: evr === undefined ? undefined : { value: evr, operation: 'less than' },
  arch: arch === undefined ? undefined : { value: arch[0], operation: arch[1] },
});

const prototypes: PrototypesOf = (d) => [definitionPrototype(d, 'High', DIST)];
// Documents here refer to nothing missing unless a test says so.
const vulns = (doc: OvalDocument, of: PrototypesOf = prototypes): Vulnerability[] => [
  ...rpmDefsToVulns(doc, of, FEED, (message) => assert.fail(message)),
];
/** package name, module, fixed version, arch and operation of each vulnerability. */
const packages = (list: Vulnerability[]) =>
  list.map((v) => [v.package.name, v.package.module, v.fixedInVersion, v.package.arch, v.archOperation]);

describe('rpmDefsToVulns', () => {
  it('makes a vulnerability of a definition and an rpminfo criterion naming a fixed version', () => {
    const doc = document(
      [definition(leaf(['t1']), { links: ['https://a', '', 'https://b', 'https://a'] })],
      { t1: rpmTest('o1', 's1') },
      { o1: rpmObject('sqlite') },
      { s1: rpmState('0:3.27.2-5.ph3') },
    );
    assert.deepEqual(vulns(doc), [
      {
        name: 'PHSA-1',
        description: 'd',
        issued: '2023-01-02T00:00:00.000Z',
        links: 'https://a https://b',
        severity: 'Important',
        normalizedSeverity: 'High',
        dist: DIST,
        package: { name: 'sqlite', version: '', module: '', arch: '', kind: 'binary' },
        repo: undefined,
        fixedInVersion: '0:3.27.2-5.ph3',
        archOperation: '',
        range: undefined,
      },
    ]);
  });

  it('walks the criteria tree children first, as claircore does', () => {
    const criteria: OvalCriteria = {
      criteria: [leaf(['t2']), { criteria: [leaf(['t3'])], criterions: [{ testRef: 't4', comment: '' }] }],
      criterions: [{ testRef: 't1', comment: '' }],
    };
    const tests = Object.fromEntries(['t1', 't2', 't3', 't4'].map((t) => [t, rpmTest(`o${t}`, 's')]));
    const objects = Object.fromEntries(['t1', 't2', 't3', 't4'].map((t) => [`o${t}`, rpmObject(t)]));
    const got = vulns(document([definition(criteria)], tests, objects, { s: rpmState('1') }));
    assert.deepEqual(
      got.map((v) => v.package.name),
      ['t2', 't3', 't4', 't1'],
    );
  });

  it('repeats each package for every module a criterion comment enables', () => {
    const doc = document(
      [
        definition(
          leaf(['m1', 'Module nodejs:18 is enabled'], ['t1'], ['m2', 'Module nodejs:20 is enabled']),
        ),
      ],
      {
        m1: { kind: 'other', element: 'textfilecontent54_test' },
        m2: { kind: 'other', element: 'textfilecontent54_test' },
        t1: rpmTest('o1', 's1'),
      },
      { o1: rpmObject('nodejs') },
      { s1: rpmState('1:18.12.1-1') },
    );
    assert.deepEqual(packages(vulns(doc)), [
      ['nodejs', 'nodejs:18', '1:18.12.1-1', '', ''],
      ['nodejs', 'nodejs:20', '1:18.12.1-1', '', ''],
    ]);
  });

  it('takes the arch and its operation from the state', () => {
    const doc = document(
      [definition(leaf(['t1'], ['t2'], ['t3'], ['t4']))],
      { t1: rpmTest('o', 's1'), t2: rpmTest('o', 's2'), t3: rpmTest('o', 's3'), t4: rpmTest('o', 's4') },
      { o: rpmObject('npm') },
      {
        s1: rpmState('1', ['x86_64', 'equals']),
        s2: rpmState('2', ['aarch64|x86_64', 'pattern match']),
        s3: rpmState('3', ['noarch', 'not equal']),
        s4: rpmState('4', ['x86_64', 'case insensitive equals']),
      },
    );
    assert.deepEqual(packages(vulns(doc)), [
      ['npm', '', '1', 'x86_64', 'equals'],
      ['npm', '', '2', 'aarch64|x86_64', 'pattern match'],
      ['npm', '', '3', 'noarch', 'not equals'],
      ['npm', '', '4', 'x86_64', ''],
    ]);
  });

  it('keeps a test without a state as always vulnerable, and skips states without an EVR and other kinds', () => {
    const doc = document(
      [
        definition(
          leaf(['no-state'], ['no-evr'], ['other-test'], ['other-object'], ['other-state'], ['no-object']),
        ),
      ],
      {
        'no-state': rpmTest('o'),
        'no-evr': rpmTest('o', 'version-only'),
        'other-test': { kind: 'other', element: 'uname_test' },
        'other-object': rpmTest('file'),
        'other-state': rpmTest('o', 'uname'),
        'no-object': { kind: 'rpminfo', objectRef: undefined, stateRef: undefined },
      },
      { o: rpmObject('kernel'), file: { kind: 'other', element: 'textfilecontent54_object' } },
      { 'version-only': rpmState(), uname: { kind: 'other', element: 'uname_state' } },
    );
    assert.deepEqual(packages(vulns(doc)), [['kernel', '', '', '', '']]);
  });

  it('skips a definition that has no prototypes', () => {
    const doc = document([definition(leaf(['t1']))], { t1: rpmTest('o') }, { o: rpmObject('glibc') });
    assert.deepEqual(
      vulns(doc, () => []),
      [],
    );
  });

  const dangling: [name: string, doc: OvalDocument, message: string][] = [
    [
      'a criterion naming no test',
      document([definition(leaf(['t9']))], {}),
      `${FEED}: definition oval:x:def:1: criterion test_ref "t9" names no test`,
    ],
    [
      'a test naming no object',
      document([definition(leaf(['t1']))], { t1: rpmTest('o9', 's1') }, {}, { s1: rpmState('1') }),
      `${FEED}: definition oval:x:def:1: test t1: object_ref "o9" names no object`,
    ],
    [
      'a test naming no state',
      document([definition(leaf(['t1']))], { t1: rpmTest('o1', 's9') }, { o1: rpmObject('zlib') }),
      `${FEED}: definition oval:x:def:1: test t1: state_ref "s9" names no state`,
    ],
  ];
  for (const [name, doc, message] of dangling) {
    it(`skips ${name}, as claircore does, telling which the feed and definition`, () => {
      const told: string[] = [];
      const found = [...rpmDefsToVulns(doc, prototypes, FEED, (m) => told.push(m))];
      assert.deepEqual(found, []);
      assert.deepEqual(told, [message]);
    });
  }
});

describe('ovalLinks', () => {
  it('joins the links once each, in order, without blanks', () => {
    assert.equal(ovalLinks(definition(leaf(), { links: ['b', '', 'a', 'b'] })), 'b a');
  });
});
