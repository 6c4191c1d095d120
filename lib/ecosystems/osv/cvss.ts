// CVSS base scores from vector strings, by the published formulas: CVSS v3.1 and v3.0
// specification section 7.1 (first.org/cvss/v3.1/specification-document, .../v3.0/...) and the
// CVSS v2 guide section 3.2.1 (first.org/cvss/v2/guide). Vectors are read with the grammar
// claircore's toolkit/types/cvss accepts: temporal and environmental metrics are checked but do
// not change the score. A vector that does not parse has no score.

const V3_BASE: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  PR: { N: 0.85, L: 0.62, H: 0.27 },
  UI: { N: 0.85, R: 0.62 },
  S: { U: 0, C: 0 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
};

// Metrics beyond the base group, with their values; "X" is "not defined".
const V3_OTHER: Readonly<Record<string, string>> = {
  E: 'XHFPU',
  RL: 'XUWTO',
  RC: 'XCRU',
  CR: 'XHML',
  IR: 'XHML',
  AR: 'XHML',
  MAV: 'XNALP',
  MAC: 'XLH',
  MPR: 'XNLH',
  MUI: 'XNR',
  MS: 'XUC',
  MC: 'XNLH',
  MI: 'XNLH',
  MA: 'XNLH',
};

/** The base score of a `CVSS:3.0/…` or `CVSS:3.1/…` vector, or undefined when it is malformed. */
export function cvssV3BaseScore(vector: string): number | undefined {
  const match = /^CVSS:3\.([01])((?:\/[A-Z]+:[A-Z])+)$/.exec(vector);
  if (match === null) return undefined;
  const metrics = new Map<string, string>();
  for (const part of (match[2] ?? '').slice(1).split('/')) {
    const [name = '', value = ''] = part.split(':');
    const known = V3_BASE[name]?.[value] !== undefined || (V3_OTHER[name]?.includes(value) ?? false);
    if (!known || metrics.has(name)) return undefined;
    metrics.set(name, value);
  }
  const w = (name: string): number => V3_BASE[name]?.[metrics.get(name) ?? ''] ?? Number.NaN;
  if (Object.keys(V3_BASE).some((name) => !metrics.has(name))) return undefined;
  const changed = metrics.get('S') === 'C';
  const pr = changed ? ({ N: 0.85, L: 0.68, H: 0.5 }[metrics.get('PR') ?? ''] ?? Number.NaN) : w('PR');
  const iss = 1 - (1 - w('C')) * (1 - w('I')) * (1 - w('A'));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * w('AV') * w('AC') * pr * w('UI');
  if (impact <= 0) return 0;
  const roundup = match[1] === '1' ? roundupV31 : roundupV30;
  return roundup(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
}

// v3.1 Appendix A: rounding up on an integer, so 4.000000000000001 stays 4.0.
function roundupV31(x: number): number {
  const i = Math.round(x * 100_000);
  return i % 10_000 === 0 ? i / 100_000 : (Math.floor(i / 10_000) + 1) / 10;
}

function roundupV30(x: number): number {
  return Math.ceil(x * 10) / 10;
}

const V2_WEIGHTS: readonly Readonly<Record<string, number>>[] = [
  { L: 0.395, A: 0.646, N: 1.0 }, // AV
  { H: 0.35, M: 0.61, L: 0.71 }, // AC
  { M: 0.45, S: 0.56, N: 0.704 }, // Au
  { N: 0, P: 0.275, C: 0.66 }, // C
  { N: 0, P: 0.275, C: 0.66 }, // I
  { N: 0, P: 0.275, C: 0.66 }, // A
];

// v2 vectors have no prefix and a fixed order; the temporal and environmental groups are whole.
const V2 = new RegExp(
  [
    `^AV:([LAN])/AC:([HML])/Au:([MSN])/C:([NPC])/I:([NPC])/A:([NPC])`,
    `(?:/E:(?:U|POC|F|H|ND)/RL:(?:OF|TF|W|U|ND)/RC:(?:UC|UR|C|ND))?`,
    `(?:/CDP:(?:N|L|LM|MH|H|ND)/TD:(?:N|L|M|H|ND)/CR:(?:L|M|H|ND)/IR:(?:L|M|H|ND)/AR:(?:L|M|H|ND))?$`,
  ].join(''),
);

/** The base score of a CVSS v2 vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P`), or undefined when malformed. */
export function cvssV2BaseScore(vector: string): number | undefined {
  const match = V2.exec(vector);
  if (match === null) return undefined;
  const [av = 0, ac = 0, au = 0, c = 0, i = 0, a = 0] = V2_WEIGHTS.map((w, n) => w[match[n + 1] ?? ''] ?? 0);
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = 20 * av * ac * au;
  const f = impact === 0 ? 0 : 1.176;
  return Math.round((0.6 * impact + 0.4 * exploitability - 1.5) * f * 10) / 10;
}
