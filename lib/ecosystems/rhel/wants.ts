import type { Want } from '../../indexer/layer-files.ts';
import type { TarEntryType } from '../../indexer/tar/tar-parser.ts';

type Wants = (path: string, type: TarEntryType) => Want;

const RANK: Readonly<Record<Want, number>> = { none: 0, presence: 1, content: 2, file: 3 };

/** A scanner's wants made of the readers it uses: the most any of them asks of an entry. */
export const wantsMost =
  (...readers: readonly Wants[]): Wants =>
  (path, type) =>
    readers.map((r) => r(path, type)).reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'none');
