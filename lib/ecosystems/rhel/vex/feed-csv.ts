// changes.csv and deletions.csv: one `"<year>/<cve-…>.json","<RFC 3339 time>"` row per document.
import { InvalidInputError } from '../../../errors.ts';

export type FeedRow = { readonly path: string; readonly year: number; readonly updated: Date };

/** The rows of one of the feed's CSV indexes; `where` names it in errors (with the line). */
export function parseFeedCsv(text: string, where: string): FeedRow[] {
  const rows: FeedRow[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line === '') return;
    const fail = (why: string): never => {
      throw new InvalidInputError(`${where} line ${i + 1}: ${why}`);
    };
    const fields = [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,"]*))/g)].map((m) =>
      m[1] !== undefined ? m[1].replaceAll('""', '"') : (m[2] ?? ''),
    );
    if (fields.length !== 2) fail(`want 2 fields, got ${fields.length}`);
    const [path = '', time = ''] = fields;
    const year = /^(\d{4})\/[^/\t]+$/.exec(path)?.[1];
    if (year === undefined) fail(`path ${JSON.stringify(path)} is not <year>/<file>`);
    const updated = new Date(time);
    if (!/^\d{4}-\d\d-\d\dT/.test(time) || Number.isNaN(updated.getTime()))
      fail(`time ${JSON.stringify(time)} is not RFC 3339`);
    rows.push({ path, year: Number(year), updated });
  });
  return rows;
}
