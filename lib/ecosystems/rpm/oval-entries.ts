// What each element of an OVAL definitions document adds to the definition, test, object or
// state being read (oval-document.ts drives the reading).
import type { SaxesTagPlain } from 'saxes';
import type {
  OtherKind,
  OvalCriteria,
  OvalCriterion,
  OvalDefinition,
  OvalObject,
  OvalState,
  OvalTest,
  OvalValue,
} from './oval-document.ts';

type Fail = (message: string) => never;

type DefinitionDraft = {
  id: string;
  title: string;
  description: string;
  severity: string;
  issued: string | undefined;
  references: string[];
  advisoryLinks: { ref: string[]; bug: string[]; cve: string[] };
  platforms: string[];
  cpes: string[];
  criteria: OvalCriteria;
  /** The `<criteria>` elements open now, outermost first. */
  openCriteria: CriteriaDraft[];
};
type CriteriaDraft = { criteria: OvalCriteria[]; criterions: OvalCriterion[] };
type StateDraft = { evr: OvalValue | undefined; arch: OvalValue | undefined };

/** Definition metadata whose text is kept, by path below `<definition>`. */
const DEFINITION_TEXT = new Set([
  'metadata/title',
  'metadata/description',
  'metadata/affected/platform',
  'metadata/advisory/severity',
  'metadata/advisory/issued',
  'metadata/advisory/ref',
  'metadata/advisory/bug',
  'metadata/advisory/affected_cpe_list/cpe',
]);

/** Where what is read goes: each definition to `definition`, the rest into `refs`; none skips. */
export type Found = {
  readonly definition: ((definition: OvalDefinition) => void) | undefined;
  readonly refs: FoundRefs | undefined;
  /** One copy of each object and state by content: states repeat EVRs, arches and operations. */
  readonly shared: Map<string, OvalObject | OvalState>;
  /** Each object_ref and state_ref once, so an object or state is kept by the tests' string. */
  readonly ids: Map<string, string>;
};
export type FoundRefs = {
  readonly tests: Map<string, OvalTest>;
  readonly objects: Map<string, OvalObject>;
  readonly states: Map<string, OvalState>;
};

/** The definition, test, object or state being read. */
export type Entry =
  | (DefinitionDraft & { readonly kind: 'definition' })
  | {
      readonly kind: 'test';
      readonly id: string;
      objectRef: string | undefined;
      stateRef: string | undefined;
    }
  | { readonly kind: 'object'; readonly id: string; name: string }
  | (StateDraft & { readonly kind: 'state'; readonly id: string });

/** Starts reading a child of `<definitions>`, `<tests>`, `<objects>` or `<states>`. */
export function openEntry(section: string, element: string, id: string, found: Found): Entry | undefined {
  const { definition, refs } = found;
  if (section === 'definitions') {
    return element === 'definition' && definition !== undefined
      ? { kind: 'definition', ...newDefinition(id) }
      : undefined;
  }
  if (refs === undefined) return undefined;
  const other = shared(found, `other\0${element}`, (): OtherKind => ({ kind: 'other', element }));
  switch (section) {
    case 'tests':
      if (element === 'rpminfo_test') return { kind: 'test', id, objectRef: undefined, stateRef: undefined };
      refs.tests.set(id, other);
      return undefined;
    case 'objects':
      if (element === 'rpminfo_object') return { kind: 'object', id, name: '' };
      refs.objects.set(found.ids.get(id) ?? id, other);
      return undefined;
    case 'states':
      if (element === 'rpminfo_state') return { kind: 'state', id, evr: undefined, arch: undefined };
      refs.states.set(found.ids.get(id) ?? id, other);
      return undefined;
    default:
      return undefined;
  }
}

/** Takes what an element inside the entry says in attributes; true when its text is wanted too. */
export function openInEntry(entry: Entry, below: string, tag: SaxesTagPlain, fail: Fail): boolean {
  switch (entry.kind) {
    case 'definition':
      return openInDefinition(entry, below, tag, fail);
    case 'test':
      if (below === 'object') entry.objectRef ??= attr(tag, 'object_ref');
      if (below === 'state') entry.stateRef ??= attr(tag, 'state_ref');
      return false;
    case 'object':
      return below === 'name';
    case 'state':
      return below === 'evr' || below === 'arch';
  }
}

function openInDefinition(d: DefinitionDraft, below: string, tag: SaxesTagPlain, fail: Fail): boolean {
  if (below === 'metadata/reference') d.references.push(attr(tag, 'ref_url'));
  if (below === 'metadata/advisory/cve') d.advisoryLinks.cve.push(attr(tag, 'href'));
  if (below === 'metadata/advisory/issued' && attr(tag, 'date') !== '') {
    d.issued = issuedDate(attr(tag, 'date'), fail);
  }
  if (isCriteria(below)) d.openCriteria.push({ criteria: [], criterions: [] });
  if (below.startsWith('criteria/') && below.endsWith('/criterion')) {
    d.openCriteria.at(-1)?.criterions.push({ testRef: attr(tag, 'test_ref'), comment: attr(tag, 'comment') });
  }
  return DEFINITION_TEXT.has(below);
}

/** Ends a `<criteria>` of a definition being read, attaching it to its parent. */
export function closeInEntry(entry: Entry, below: string): void {
  if (entry.kind === 'definition' && isCriteria(below)) closeCriteria(entry);
}

/** The definition's `<criteria>` and those nested in it, by path below `<definition>`. */
const isCriteria = (below: string): boolean =>
  below === 'criteria' || (below.startsWith('criteria/') && below.endsWith('/criteria'));

function closeCriteria(d: DefinitionDraft): void {
  const done = d.openCriteria.pop();
  if (done === undefined) return;
  const parent = d.openCriteria.at(-1);
  if (parent !== undefined) parent.criteria.push(done);
  else d.criteria = done;
}

export function keepText(
  entry: Entry,
  below: string,
  captured: { text: string; operation: string },
  fail: Fail,
): void {
  const text = detached(captured.text);
  const operation = captured.operation;
  if (entry.kind === 'definition') keepDefinitionText(entry, below, text, fail);
  if (entry.kind === 'object') entry.name = text;
  if (entry.kind === 'state' && (below === 'evr' || below === 'arch'))
    entry[below] ??= { value: text, operation };
}

export function closeEntry(entry: Entry, found: Found): void {
  switch (entry.kind) {
    case 'definition':
      found.definition?.(finishDefinition(entry));
      break;
    case 'test':
      found.refs?.tests.set(entry.id, {
        kind: 'rpminfo',
        objectRef: sharedId(found, entry.objectRef),
        stateRef: sharedId(found, entry.stateRef),
      });
      break;
    case 'object':
      found.refs?.objects.set(
        found.ids.get(entry.id) ?? entry.id,
        shared(found, `object\0${entry.name}`, () => ({ kind: 'rpminfo', name: entry.name })),
      );
      break;
    case 'state':
      found.refs?.states.set(
        found.ids.get(entry.id) ?? entry.id,
        shared(found, `state\0${JSON.stringify([entry.evr, entry.arch])}`, () => ({
          kind: 'rpminfo',
          evr: entry.evr,
          arch: entry.arch,
        })),
      );
      break;
  }
}

function shared<T extends OvalObject | OvalState>(found: Found, key: string, make: () => T): T {
  const known = found.shared.get(key) as T | undefined;
  if (known !== undefined) return known;
  const value = make();
  found.shared.set(key, value);
  return value;
}

function sharedId(found: Found, id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const known = found.ids.get(id);
  if (known !== undefined) return known;
  found.ids.set(id, id);
  return id;
}

function newDefinition(id: string): DefinitionDraft {
  return {
    id,
    title: '',
    description: '',
    severity: '',
    issued: undefined,
    references: [],
    advisoryLinks: { ref: [], bug: [], cve: [] },
    platforms: [],
    cpes: [],
    criteria: { criteria: [], criterions: [] },
    openCriteria: [],
  };
}

function keepDefinitionText(d: DefinitionDraft, below: string, value: string, fail: Fail): void {
  switch (below) {
    case 'metadata/title':
      d.title = value;
      break;
    case 'metadata/description':
      d.description = value;
      break;
    case 'metadata/affected/platform':
      d.platforms.push(value);
      break;
    case 'metadata/advisory/severity':
      d.severity = value;
      break;
    case 'metadata/advisory/issued':
      if (value.trim() !== '') d.issued = issuedDate(value.trim(), fail);
      break;
    case 'metadata/advisory/ref':
      d.advisoryLinks.ref.push(value);
      break;
    case 'metadata/advisory/bug':
      d.advisoryLinks.bug.push(value);
      break;
    case 'metadata/advisory/affected_cpe_list/cpe':
      d.cpes.push(value);
      break;
  }
}

function finishDefinition(d: DefinitionDraft): OvalDefinition {
  const { ref, bug, cve } = d.advisoryLinks;
  return {
    id: d.id,
    title: d.title,
    description: d.description,
    severity: d.severity,
    issued: d.issued,
    links: [...d.references, ...ref, ...bug, ...cve],
    platforms: d.platforms,
    cpes: d.cpes,
    criteria: d.criteria,
  };
}

/** `2019-10-23` (midnight UTC), or a full timestamp; anything else fails. */
function issuedDate(value: string, fail: Fail): string {
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(time)
    ? fail(`issued date ${JSON.stringify(value)} is not a date`)
    : new Date(time).toISOString();
}

/** An element or attribute name without its namespace prefix, as goval-parser matches them. */
export const local = (name: string): string => name.slice(name.indexOf(':') + 1);

/** The attribute by its local name, prefixed or not; '' when absent. */
export function attr(tag: SaxesTagPlain, name: string): string {
  const attributes = tag.attributes;
  const plain = attributes[name];
  if (plain !== undefined) return detached(plain);
  for (const key in attributes) if (key.endsWith(`:${name}`)) return detached(attributes[key] ?? '');
  return '';
}

/**
 * A copy of a string the parser cut from its input: V8 keeps a cut of 13 characters or more as a
 * view of the whole chunk it came from, so keeping the cut would keep the document's text.
 */
function detached(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
