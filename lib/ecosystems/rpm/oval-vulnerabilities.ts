// claircore's ovalutil.RPMDefsToVulns (claircore-engine.md 6.2 "OVAL helpers"): one vulnerability
// per definition prototype, enabled module and rpminfo criterion that names a fixed version.
import type { Distribution } from '../../indexer/types.ts';
import type { ArchOperation, Severity, Vulnerability } from '../../updater/types.ts';
import type { OvalCriteria, OvalCriterion, OvalDefinition, OvalDocument, OvalRefs } from './oval-document.ts';

/** What a definition says of every package it names, made by each distribution's updater. */
export type VulnerabilityPrototype = Pick<
  Vulnerability,
  'name' | 'description' | 'issued' | 'links' | 'severity' | 'normalizedSeverity' | 'dist'
>;

/** A definition's vulnerabilities-to-be; none skips it (Oracle's ksplice-only advisories). */
export type PrototypesOf = (definition: OvalDefinition) => readonly VulnerabilityPrototype[];

/** The definition's links without repeats or blanks, space-separated (ovalutil.Links). */
export function ovalLinks(definition: OvalDefinition): string {
  return [...new Set(definition.links.filter((l) => l !== ''))].join(' ');
}

/** claircore's prototype: Name is the title; the advisory gives severity, issued date and links. */
export function definitionPrototype(
  definition: OvalDefinition,
  normalizedSeverity: Severity,
  dist: Distribution,
): VulnerabilityPrototype {
  return {
    name: definition.title,
    description: definition.description,
    issued: definition.issued,
    links: ovalLinks(definition),
    severity: definition.severity,
    normalizedSeverity,
    dist,
  };
}

const ARCH_OPERATIONS: Readonly<Record<string, ArchOperation>> = {
  equals: 'equals',
  'not equal': 'not equals',
  'not equals': 'not equals',
  'pattern match': 'pattern match',
};

/** Told of each criterion skipped because a test, object or state it refers to is absent. */
export type OnDangling = (message: string) => void;

/**
 * The document's vulnerabilities. Criteria whose test is not an rpminfo test, whose object or state
 * is of another kind, or whose state names no EVR are skipped, as in claircore; a test without a
 * state gives an empty fixed version (always vulnerable). A criterion whose test, object or state
 * is absent is skipped too, as claircore does, and `onDangling` told (naming `feed` and the
 * definition): one bad reference must not hold back every other advisory of the feed.
 */
export function* rpmDefsToVulns(
  document: OvalDocument,
  prototypesOf: PrototypesOf,
  feed: string,
  onDangling: OnDangling,
): Generator<Vulnerability> {
  for (const definition of document.definitions)
    yield* definitionVulns(definition, document, prototypesOf, feed, onDangling);
}

/** One definition's vulnerabilities, its criteria resolved in `refs`, as rpmDefsToVulns. */
export function* definitionVulns(
  definition: OvalDefinition,
  refs: OvalRefs,
  prototypesOf: PrototypesOf,
  feed: string,
  onDangling: OnDangling,
): Generator<Vulnerability> {
  const prototypes = prototypesOf(definition);
  if (prototypes.length === 0) return;
  const criterions = flatten(definition.criteria);
  const modules = enabledModules(criterions);
  for (const criterion of criterions) {
    const fix = rpmFix(refs, criterion.testRef, (message) =>
      onDangling(`${feed}: definition ${definition.id}: ${message}`),
    );
    if (fix === undefined) continue;
    for (const module of modules) {
      for (const prototype of prototypes) {
        yield {
          ...prototype,
          package: { name: fix.name, version: '', module, arch: fix.arch, kind: 'binary' },
          repo: undefined,
          fixedInVersion: fix.fixedInVersion,
          archOperation: fix.archOperation,
          range: undefined,
        };
      }
    }
  }
}

/** Every criterion below the node, children's first (claircore's walkCriterion order). */
function flatten(node: OvalCriteria): OvalCriterion[] {
  return [...node.criteria.flatMap(flatten), ...node.criterions];
}

/** `name:stream` of each `Module <name:stream> is enabled` comment; the empty module without any. */
function enabledModules(criterions: readonly OvalCriterion[]): string[] {
  const modules = criterions.flatMap((c) => /Module (.+) is enabled/.exec(c.comment)?.[1] ?? []);
  return modules.length > 0 ? modules : [''];
}

type RpmFix = {
  readonly name: string;
  readonly fixedInVersion: string;
  readonly arch: string;
  readonly archOperation: ArchOperation;
};

function rpmFix(refs: OvalRefs, testRef: string, dangling: (message: string) => void): RpmFix | undefined {
  const test = refs.tests.get(testRef);
  if (test === undefined) return void dangling(`criterion test_ref ${JSON.stringify(testRef)} names no test`);
  if (test.kind !== 'rpminfo' || test.objectRef === undefined) return undefined;
  const object = refs.objects.get(test.objectRef);
  if (object === undefined)
    return void dangling(`test ${testRef}: object_ref ${JSON.stringify(test.objectRef)} names no object`);
  if (object.kind !== 'rpminfo') return undefined;
  if (test.stateRef === undefined) {
    return { name: object.name, fixedInVersion: '', arch: '', archOperation: '' };
  }
  const state = refs.states.get(test.stateRef);
  if (state === undefined)
    return void dangling(`test ${testRef}: state_ref ${JSON.stringify(test.stateRef)} names no state`);
  if (state.kind !== 'rpminfo' || state.evr === undefined) return undefined;
  return {
    name: object.name,
    fixedInVersion: state.evr.value,
    arch: state.arch?.value ?? '',
    archOperation: state.arch === undefined ? '' : (ARCH_OPERATIONS[state.arch.operation] ?? ''),
  };
}
