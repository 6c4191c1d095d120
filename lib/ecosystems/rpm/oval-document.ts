// The parts of an OVAL definitions document that RPM distributions' feeds (Photon, Oracle, SUSE)
// need, as claircore's goval-parser decodes them for RPMDefsToVulns (claircore-engine.md 6.2).
// Read as a stream, never keeping the document's text: the definitions are kept or handed on one
// by one, the rpminfo tests, objects and states kept or skipped.

import { SaxesParser } from 'saxes';
import { InvalidInputError } from '../../errors.ts';
import { utf8Text } from '../../updater/utf8-text.ts';
import {
  attr,
  closeEntry,
  closeInEntry,
  type Entry,
  type Found,
  type FoundRefs,
  keepText,
  local,
  openEntry,
  openInEntry,
} from './oval-entries.ts';

export type OvalCriterion = { readonly testRef: string; readonly comment: string };

/** A `<criteria>` node: its child criteria and its own criterions, in document order. */
export type OvalCriteria = {
  readonly criteria: readonly OvalCriteria[];
  readonly criterions: readonly OvalCriterion[];
};

export type OvalDefinition = {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** `advisory/severity`, as written. */
  readonly severity: string;
  /** `advisory/issued`, RFC 3339; undefined when absent or empty. */
  readonly issued: string | undefined;
  /** Reference URLs, then the advisory's ref, bug and cve links (ovalutil.Links's order). */
  readonly links: readonly string[];
  /** `affected/platform`, e.g. `Oracle Linux 8`. */
  readonly platforms: readonly string[];
  /** `advisory/affected_cpe_list/cpe`. */
  readonly cpes: readonly string[];
  readonly criteria: OvalCriteria;
};

/** A state's value with its OVAL operation (`less than`, `pattern match`, ...). */
export type OvalValue = { readonly value: string; readonly operation: string };

/** A test, object or state of a kind other than rpminfo, kept so a reference to it resolves. */
export type OtherKind = { readonly kind: 'other'; readonly element: string };
export type OvalTest =
  | {
      readonly kind: 'rpminfo';
      readonly objectRef: string | undefined;
      readonly stateRef: string | undefined;
    }
  | OtherKind;
export type OvalObject = { readonly kind: 'rpminfo'; readonly name: string } | OtherKind;
export type OvalState =
  | { readonly kind: 'rpminfo'; readonly evr: OvalValue | undefined; readonly arch: OvalValue | undefined }
  | OtherKind;

export type OvalDocument = {
  readonly definitions: readonly OvalDefinition[];
  readonly tests: ReadonlyMap<string, OvalTest>;
  readonly objects: ReadonlyMap<string, OvalObject>;
  readonly states: ReadonlyMap<string, OvalState>;
};

/** A document's tests, objects and states, by id: what its definitions' criteria refer to. */
export type OvalRefs = Omit<OvalDocument, 'definitions'>;

/**
 * Reads an OVAL definitions document from its bytes. Malformed XML or UTF-8, another root
 * element or an unreadable issued date throws InvalidInputError naming `feed` and the line.
 */
export async function readOvalDocument(
  chunks: AsyncIterable<Uint8Array>,
  feed: string,
): Promise<OvalDocument> {
  const definitions: OvalDefinition[] = [];
  const refs = await readAll(chunks, feed, (d) => definitions.push(d));
  return { definitions, ...refs };
}

/** The document's tests, objects and states alone; its definitions are read but not kept. */
export function readOvalRefs(chunks: AsyncIterable<Uint8Array>, feed: string): Promise<OvalRefs> {
  return readAll(chunks, feed, undefined);
}

/**
 * The document's definitions, each as soon as it is read; its tests, objects and states are read
 * but not kept. Fails as readOvalDocument does; definitions read before the fault may have been
 * handed on already.
 */
export async function* readOvalDefinitions(
  chunks: AsyncIterable<Uint8Array>,
  feed: string,
): AsyncGenerator<OvalDefinition> {
  const read: OvalDefinition[] = [];
  const reader = ovalReader(feed, (d) => read.push(d), undefined);
  for await (const text of utf8Text(chunks, () => `${feed}: line ${reader.line()}`)) {
    reader.write(text);
    yield* read.splice(0);
  }
  reader.end();
  yield* read.splice(0);
}

async function readAll(
  chunks: AsyncIterable<Uint8Array>,
  feed: string,
  definition: ((d: OvalDefinition) => void) | undefined,
): Promise<OvalRefs> {
  const refs: FoundRefs = { tests: new Map(), objects: new Map(), states: new Map() };
  const reader = ovalReader(feed, definition, refs);
  for await (const text of utf8Text(chunks, () => `${feed}: line ${reader.line()}`)) reader.write(text);
  reader.end();
  return refs;
}

function ovalReader(feed: string, definition: Found['definition'], refs: FoundRefs | undefined) {
  const found: Found = { definition, refs, shared: new Map(), ids: new Map() };
  const parser = new SaxesParser();
  const path: string[] = [];
  let entry: Entry | undefined;
  // Each open element's path below the entry's element ('' above it), so each is joined once.
  const belows: string[] = [];
  // The element whose text is being kept (its depth) and that text so far.
  let capture: { depth: number; text: string; operation: string } | undefined;
  const fail = (message: string): never => {
    throw new InvalidInputError(`${feed}: line ${parser.line}: ${message}`);
  };

  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    path.push(name);
    const depth = path.length;
    const below = depth < 4 ? '' : depth === 4 ? name : `${belows.at(-1)}/${name}`;
    belows.push(below);
    if (depth === 1 && name !== 'oval_definitions') {
      fail(`root element is <${tag.name}>, want <oval_definitions>`);
    }
    if (depth === 3) entry = openEntry(path[1] ?? '', name, attr(tag, 'id'), found);
    else if (entry !== undefined && depth > 3 && openInEntry(entry, below, tag, fail)) {
      capture = { depth, text: '', operation: attr(tag, 'operation') };
    }
  });
  const onText = (chars: string) => {
    if (capture !== undefined) capture.text += chars;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const depth = path.length;
    const below = belows.pop() ?? '';
    path.pop();
    if (capture?.depth === depth) {
      if (entry !== undefined) keepText(entry, below, capture, fail);
      capture = undefined;
    }
    if (entry !== undefined) closeInEntry(entry, below);
    if (entry !== undefined && depth === 3) {
      closeEntry(entry, found);
      entry = undefined;
    }
  });

  const guarded = (step: () => void): void => {
    try {
      step();
    } catch (cause) {
      if (cause instanceof InvalidInputError) throw cause;
      throw new InvalidInputError(`${feed}: not well-formed XML: ${(cause as Error).message}`, { cause });
    }
  };
  return {
    line: () => parser.line,
    write: (chunk: string) => guarded(() => parser.write(chunk)),
    end: () => guarded(() => parser.close()),
  };
}
