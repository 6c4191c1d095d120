// ALAS advisories from a yum updateinfo.xml (claircore aws/internal/alas/updates.go, aws/updater.go),
// read as a stream: only the update being read is held.

import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { InvalidInputError } from '../../errors.ts';
import type { Distribution } from '../../indexer/types.ts';
import type { Vulnerability } from '../../updater/types.ts';
import { utf8Text } from '../../updater/utf8-text.ts';
import { alasSeverity } from './severity.ts';
import { malformedXml } from './xml-error.ts';

/** One `<update>` as read so far. */
type Update = {
  readonly line: number;
  id: string;
  severity: string;
  description: string;
  issued: string | undefined;
  readonly links: string[];
  readonly packages: { name: string; arch: string; fixed: string }[];
};

/** The text-bearing children of `<update>` that are kept. */
const TEXT_FIELDS = new Set(['id', 'severity', 'description']);

/**
 * One vulnerability per update and package of its pkglist, about `dist`: Name is the ALAS id,
 * the fix `[epoch:]version-release` of that binary package and architecture. Malformed XML,
 * an update without an id, a package without name, version or release, or an unreadable issued
 * date throws InvalidInputError naming `source` and the line.
 */
export async function* parseUpdateinfo(
  chunks: AsyncIterable<Uint8Array>,
  dist: Distribution,
  source: string,
): AsyncGenerator<Vulnerability> {
  const where = `updateinfo ${source}`;
  const reader = updateinfoReader(where, dist);
  for await (const text of utf8Text(chunks, () => where)) {
    reader.write(text);
    yield* reader.take();
  }
  reader.end();
  yield* reader.take();
}

function updateinfoReader(where: string, dist: Distribution) {
  const parser = new SaxesParser();
  const path: string[] = [];
  const ready: Vulnerability[] = [];
  let update: Update | undefined;
  let text = '';
  const fail = (message: string, line = parser.line): never => {
    throw new InvalidInputError(`${where}: line ${line}: ${message}`);
  };

  parser.on('opentag', (tag) => {
    path.push(tag.name);
    const at = path.join('/');
    if (path.length === 1 && tag.name !== 'updates') fail(`root element is <${tag.name}>, want <updates>`);
    if (at === 'updates/update') update = newUpdate(parser.line);
    if (update === undefined) return;
    if (path.length === 3 && TEXT_FIELDS.has(tag.name)) text = '';
    if (at === 'updates/update/issued') update.issued = issuedDate(attr(tag, 'date'), fail);
    if (at === 'updates/update/references/reference' && attr(tag, 'href') !== '') {
      update.links.push(attr(tag, 'href'));
    }
    if (at === 'updates/update/pkglist/collection/package') update.packages.push(alasPackage(tag, fail));
  });
  const onText = (chars: string) => {
    if (update !== undefined && path.length === 3 && TEXT_FIELDS.has(path[2] ?? '')) text += chars;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    if (update !== undefined && path.length === 3 && TEXT_FIELDS.has(tag.name)) {
      update[tag.name as 'id' | 'severity' | 'description'] = text;
    }
    if (path.join('/') === 'updates/update' && update !== undefined) {
      ready.push(...updateVulnerabilities(update, dist, fail));
      update = undefined;
    }
    path.pop();
  });

  const guard = (step: () => void) => {
    try {
      step();
    } catch (err) {
      throw malformedXml(err, where);
    }
  };
  return {
    write: (chars: string) => guard(() => parser.write(chars)),
    end: () => guard(() => parser.close()),
    /** The vulnerabilities of the updates closed so far and not yet taken. */
    take: () => ready.splice(0),
  };
}

const newUpdate = (line: number): Update => ({
  line,
  id: '',
  severity: '',
  description: '',
  issued: undefined,
  links: [],
  packages: [],
});

const attr = (tag: SaxesTagPlain, name: string): string => tag.attributes[name] ?? '';

// Go's time.Parse layouts "2006-01-02 15:04" and "2006-01-02 15:04:05", read as UTC.
const ISSUED = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;

/** An issued date as RFC 3339 UTC, e.g. `2018-01-03T18:37:00Z`. */
function issuedDate(value: string, fail: (message: string) => never): string {
  const m = ISSUED.exec(value);
  const rfc3339 = m === null ? '' : `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}Z`;
  // Date rolls 02-30 over into March; only a date that reads back the same is one.
  const valid = m !== null && roundTrips(rfc3339);
  if (!valid) fail(`issued date ${JSON.stringify(value)} is not "YYYY-MM-DD hh:mm" or "YYYY-MM-DD hh:mm:ss"`);
  return rfc3339;
}

const roundTrips = (rfc3339: string): boolean => {
  const time = Date.parse(rfc3339);
  return !Number.isNaN(time) && new Date(time).toISOString() === rfc3339.replace('Z', '.000Z');
};

function alasPackage(tag: SaxesTagPlain, fail: (message: string) => never) {
  const [name, epoch, version, release] = ['name', 'epoch', 'version', 'release'].map((a) => attr(tag, a));
  for (const [key, value] of [
    ['name', name],
    ['version', version],
    ['release', release],
  ] as const) {
    if (value === '') fail(`<package> has no ${key}`);
  }
  const fixed = `${epoch === '' || epoch === '0' ? '' : `${epoch}:`}${version}-${release}`;
  return { name: name ?? '', arch: attr(tag, 'arch'), fixed };
}

function updateVulnerabilities(
  update: Update,
  dist: Distribution,
  fail: (message: string, line: number) => never,
): Vulnerability[] {
  if (update.id.trim() === '') fail('<update> has no <id>', update.line);
  return update.packages.map((pkg) => ({
    name: update.id,
    description: update.description,
    issued: update.issued,
    links: update.links.join(' '),
    severity: update.severity,
    normalizedSeverity: alasSeverity(update.severity),
    package: { name: pkg.name, version: '', module: '', arch: pkg.arch, kind: 'binary' },
    dist,
    repo: undefined,
    fixedInVersion: pkg.fixed,
    archOperation: 'equals',
    range: undefined,
  }));
}
