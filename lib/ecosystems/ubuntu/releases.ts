// Ubuntu releases by version id, 14.04 on: the names OSV records (`Ubuntu:22.04:LTS`) are
// turned into the distribution the ubuntu distribution scanner reports for an image.

const CODENAMES: ReadonlyMap<string, string> = new Map([
  ['14.04', 'trusty'],
  ['14.10', 'utopic'],
  ['15.04', 'vivid'],
  ['15.10', 'wily'],
  ['16.04', 'xenial'],
  ['16.10', 'yakkety'],
  ['17.04', 'zesty'],
  ['17.10', 'artful'],
  ['18.04', 'bionic'],
  ['18.10', 'cosmic'],
  ['19.04', 'disco'],
  ['19.10', 'eoan'],
  ['20.04', 'focal'],
  ['20.10', 'groovy'],
  ['21.04', 'hirsute'],
  ['21.10', 'impish'],
  ['22.04', 'jammy'],
  ['22.10', 'kinetic'],
  ['23.04', 'lunar'],
  ['23.10', 'mantic'],
  ['24.04', 'noble'],
  ['24.10', 'oracular'],
  ['25.04', 'plucky'],
  ['25.10', 'questing'],
  ['26.04', 'resolute'],
]);

/** `22.04` -> `jammy`; undefined for a release clairless does not know. */
export function ubuntuCodename(versionId: string): string | undefined {
  return CODENAMES.get(versionId);
}
