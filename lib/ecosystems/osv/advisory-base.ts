// What every vulnerability made from one OSV advisory shares, and which advisories make none
// (claircore updater/osv/osv.go): shared by the osv and ubuntu updater sets.
import { InvalidInputError } from '../../errors.ts';
import type { Advisory } from './advisory.ts';

export type AdvisoryBase = {
  readonly name: string;
  readonly description: string;
  readonly issued: string | undefined;
  /** The reference URLs, then an osv.dev link per alias, space-separated, each once. */
  readonly links: string;
};

const ALIAS_LINK = 'https://osv.dev/vulnerability/';

/**
 * The shared fields, or undefined for an advisory that yields nothing: withdrawn before `now`,
 * without affected packages, with only GIT ranges, or with an alias that is not an OSV id. An
 * advisory id that is not one (`<space>-<name>`) fails the whole feed, as in claircore.
 */
export function advisoryBase(a: Advisory, entry: string, now: Date): AdvisoryBase | undefined {
  if (a.withdrawn !== undefined && Date.parse(a.withdrawn) < now.getTime()) return undefined;
  if (a.affected.length === 0 || gitOnly(a)) return undefined;
  if (!isOsvId(a.id)) {
    throw new InvalidInputError(
      `osv entry ${JSON.stringify(entry)}: id ${JSON.stringify(a.id)} is not <prefix>-<name>`,
    );
  }
  if (!a.aliases.every(isOsvId)) return undefined;
  return {
    name: a.id,
    description: a.summary !== '' ? a.summary : a.details,
    issued: a.published,
    links: [...new Set([...a.references, ...a.aliases.map((alias) => `${ALIAS_LINK}${alias}`)])].join(' '),
  };
}

// Affected entries without any range count too, as claircore's GitOnly finds no other type.
function gitOnly(a: Advisory): boolean {
  return a.affected.every((affected) => affected.ranges.every((r) => r.type === 'GIT'));
}

function isOsvId(id: string): boolean {
  return id.includes('-');
}
