// A yum repository's index, repodata/repomd.xml: where its updateinfo is and what it hashes to.
import { SaxesParser } from 'saxes';
import { InvalidInputError } from '../../errors.ts';
import { malformedXml } from './xml-error.ts';

/** The `data type="updateinfo"` entry of a repomd.xml. */
export type UpdateinfoEntry = {
  /** The node:crypto hash algorithm of the checksum, e.g. `sha256`. */
  readonly algorithm: string;
  /** The hex checksum of the file as stored (compressed), as written: the feed's fingerprint. */
  readonly checksum: string;
  /** `location href`, relative to the repository's base, e.g. `repodata/updateinfo.xml.gz`. */
  readonly href: string;
};

// repomd checksum types and the node:crypto names for them; yum's plain "sha" is SHA-1.
const ALGORITHMS: ReadonlyMap<string, string> = new Map([
  ['sha', 'sha1'],
  ['sha1', 'sha1'],
  ['sha224', 'sha224'],
  ['sha256', 'sha256'],
  ['sha384', 'sha384'],
  ['sha512', 'sha512'],
]);

/** The updateinfo entry of a repomd.xml; a malformed index, or one without it, fails naming `source`. */
export function parseRepomd(text: string, source: string): UpdateinfoEntry {
  const where = `repomd ${source}`;
  const parser = new SaxesParser();
  const path: string[] = [];
  let inUpdateinfo = false;
  let checksumType: string | undefined;
  let checksum = '';
  let href: string | undefined;
  let found = false;
  parser.on('opentag', (tag) => {
    path.push(tag.name);
    if (path.length === 1 && tag.name !== 'repomd') {
      throw new InvalidInputError(`${where}: root element is <${tag.name}>, want <repomd>`);
    }
    const attr = (name: string) => (typeof tag.attributes[name] === 'string' ? tag.attributes[name] : '');
    if (path.length === 2 && tag.name === 'data' && attr('type') === 'updateinfo') {
      inUpdateinfo = found = true;
    }
    if (!inUpdateinfo || path.length !== 3) return;
    if (tag.name === 'checksum') checksumType = attr('type');
    if (tag.name === 'location') href = attr('href');
  });
  parser.on('text', (text) => {
    if (inUpdateinfo && path.length === 3 && path[2] === 'checksum') checksum += text;
  });
  parser.on('closetag', () => {
    if (path.pop() === 'data' && path.length === 1) inUpdateinfo = false;
  });
  try {
    parser.write(text).close();
  } catch (err) {
    throw malformedXml(err, where);
  }
  if (!found) throw new InvalidInputError(`${where}: no <data type="updateinfo"> entry`);
  return updateinfoEntry(where, checksumType, checksum.trim(), href);
}

function updateinfoEntry(
  where: string,
  checksumType: string | undefined,
  checksum: string,
  href: string | undefined,
): UpdateinfoEntry {
  const algorithm = ALGORITHMS.get(checksumType ?? '');
  if (algorithm === undefined) {
    throw new InvalidInputError(
      `${where}: updateinfo checksum type ${JSON.stringify(checksumType ?? '')} is not one of ${[...ALGORITHMS.keys()].join(', ')}`,
    );
  }
  if (!/^[0-9a-fA-F]+$/.test(checksum)) {
    throw new InvalidInputError(`${where}: updateinfo checksum ${JSON.stringify(checksum)} is not hex`);
  }
  if (href === undefined || href === '') {
    throw new InvalidInputError(`${where}: updateinfo has no <location href>`);
  }
  return { algorithm, checksum, href };
}
