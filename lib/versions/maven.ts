// Maven versions as org.apache.maven.artifact.versioning.ComparableVersion (Maven 3.8.7, the
// reference) orders them: a port of its parse into nested lists and its item comparisons.
// claircore's reverse-engineered rules are in claircore-engine.md section 5.6.

/** Numbers carry ComparableVersion's item class (int, long, BigInteger by digit count), which orders first. */
type Item =
  | { readonly kind: 'number'; readonly size: number; readonly value: bigint }
  | { readonly kind: 'string'; readonly qualifier: string }
  | { readonly kind: 'list'; readonly items: Item[] };

// Index in this list is the qualifier's rank; "" is the release itself.
const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE = String(QUALIFIERS.indexOf(''));
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };
const SHORT: Readonly<Record<string, string>> = { a: 'alpha', b: 'beta', m: 'milestone' };
const ZERO: Item = { kind: 'number', size: 0, value: 0n };
// Java's Character.isDigit on one UTF-16 unit: any decimal digit, not only ASCII.
const DIGIT = /^\p{Nd}$/u;

/** Any string is a Maven version; -1, 0 or 1 as a is lower, equal or higher. */
export function compareMavenVersions(a: string, b: string): number {
  return Math.sign(compareItem(parseMaven(a), parseMaven(b)));
}

function parseMaven(version: string): Item {
  const text = version.toLowerCase();
  const root: Item[] = [];
  const stack = [root];
  let list = root;
  const open = (): void => {
    const items: Item[] = [];
    list.push({ kind: 'list', items });
    list = items;
    stack.push(items);
  };
  let digit = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '.' || c === '-') {
      list.push(i === start ? ZERO : parseItem(digit, text.slice(start, i)));
      start = i + 1;
      if (c === '-') open();
    } else if (DIGIT.test(c)) {
      // "x1": the qualifier starts a list of its own (after a "." too) and the number another.
      if (!digit && i > start) {
        if (list.length > 0) open();
        list.push(stringItem(text.slice(start, i), true));
        start = i;
        open();
      }
      digit = true;
    } else {
      if (digit && i > start) {
        list.push(parseItem(true, text.slice(start, i)));
        start = i;
        open();
      }
      digit = false;
    }
  }
  if (text.length > start) {
    // A trailing ".x" is read as "-x".
    if (!digit && list.length > 0) open();
    list.push(parseItem(digit, text.slice(start)));
  }
  for (const items of stack.reverse()) trimNulls(items);
  return { kind: 'list', items: root };
}

function parseItem(digit: boolean, text: string): Item {
  if (!digit) return stringItem(text, false);
  // Only ASCII zeros are stripped, and an all-zero string keeps its length.
  const stripped = /[^0]/.test(text) ? text.replace(/^0+/, '') : text;
  return {
    kind: 'number',
    size: stripped.length <= 9 ? 0 : stripped.length <= 18 ? 1 : 2,
    value: digits(stripped),
  };
}

function digits(text: string): bigint {
  if (/^[0-9]+$/.test(text)) return BigInt(text);
  let value = 0n;
  for (let i = 0; i < text.length; i++) value = value * 10n + BigInt(digitValue(text.charCodeAt(i)));
  return value;
}

/** Unicode encodes every decimal digit run as 0-9 in order. */
function digitValue(unit: number): number {
  let zero = unit;
  while (DIGIT.test(String.fromCharCode(zero - 1))) zero--;
  return (unit - zero) % 10;
}

function stringItem(text: string, followedByDigit: boolean): Item {
  const long = followedByDigit ? (SHORT[text] ?? text) : text;
  const value = ALIASES[long] ?? long;
  const rank = QUALIFIERS.indexOf(value);
  return { kind: 'string', qualifier: rank === -1 ? `${QUALIFIERS.length}-${value}` : String(rank) };
}

/** Drops trailing 0, "" and empty lists, walking back past lists until another item. */
function trimNulls(items: Item[]): void {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as Item;
    if (isNull(item)) items.splice(i, 1);
    else if (item.kind !== 'list') return;
  }
}

function isNull(item: Item): boolean {
  if (item.kind === 'number') return item.value === 0n;
  if (item.kind === 'string') return item.qualifier === RELEASE;
  return item.items.length === 0;
}

/** ComparableVersion's Item.compareTo; `b` undefined is the padding past the end of a list. */
function compareItem(a: Item, b: Item | undefined): number {
  switch (a.kind) {
    case 'number':
      if (b === undefined) return a.value === 0n ? 0 : 1;
      if (b.kind !== 'number') return 1;
      return a.size !== b.size ? Math.sign(a.size - b.size) : compareBig(a.value, b.value);
    case 'string':
      if (b === undefined) return compareStrings(a.qualifier, RELEASE);
      return b.kind === 'string' ? compareStrings(a.qualifier, b.qualifier) : -1;
    case 'list':
      if (b === undefined) return compareListToNothing(a.items);
      if (b.kind !== 'list') return b.kind === 'number' ? -1 : 1;
      return compareLists(a.items, b.items);
  }
}

function compareListToNothing(items: readonly Item[]): number {
  for (const item of items) {
    const order = compareItem(item, undefined);
    if (order !== 0) return order;
  }
  return 0;
}

function compareLists(a: readonly Item[], b: readonly Item[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const left = a[i];
    const right = b[i];
    const order = left === undefined ? -compareItem(right as Item, undefined) : compareItem(left, right);
    if (order !== 0) return order;
  }
  return 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
