// Builds the zip files the OSV bucket serves (`<Ecosystem>/all.zip`, one JSON file per advisory)
// from testdata, with yazl, so tests read real advisories through the real zip reader.
import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse } from 'yaml';
import yazl from 'yazl';

export const TESTDATA = join(import.meta.dirname, 'testdata');

export type ZipInput = { readonly name: string; readonly data: Buffer | string };

/** Writes the entries, deflated, to `file`; a name ending in `/` is a directory. */
export async function writeZip(file: string, entries: readonly ZipInput[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const { name, data } of entries) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name);
    else zip.addBuffer(Buffer.from(data), name);
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/** The advisories of a testdata folder as OSV JSON entries, YAML ones converted, sorted by name. */
export async function advisoryEntries(dir: string): Promise<ZipInput[]> {
  const names = (await readdir(dir)).filter((n) => /\.(json|ya?ml)$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(dir, name), 'utf8');
      if (name.endsWith('.json')) return { name, data: text };
      return { name: name.replace(/\.ya?ml$/, '.json'), data: JSON.stringify(parse(text), null, 2) };
    }),
  );
}
