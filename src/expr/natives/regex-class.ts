/**
 * Oniguruma character sets for the regex translator (regex-translate.ts): bracket classes, `\d \w \s`,
 * `\p{…}` properties and POSIX brackets, rendered as RE2 syntax (re2js: Unicode scripts, general categories
 * and binary properties such as `\p{Alphabetic}`; code points as `\x{…}`).
 *
 * Oniguruma, as jq uses it (UTF-8, Perl_NT syntax, no ASCII-range option), gives `\d \w \s` their Unicode
 * meanings, so they are spelled out here instead of using JavaScript's ASCII `\d \w`. Perl_NT has no
 * nested classes and no `&&` intersection: inside a class `[` and `&` are ordinary characters.
 */

import { RE2JS } from 're2js';

export class RegexError extends Error {}

/** Weft's reason for refusing a construct that only a backtracking engine can run. */
export const LINEAR_TIME = "Weft's regular expressions run in linear time (RE2)";

/** A construct RE2 cannot express: `<what> is not supported: <why>; <LINEAR_TIME>`. */
export function refused(what: string, why: string): RegexError {
  return new RegexError(`${what} is not supported: ${why}; ${LINEAR_TIME}`);
}

/** The chars a cursor over the pattern exposes to the class parser. */
export interface Cursor {
  readonly p: string;
  i: number;
}

/** A named set: `body` is RE2 class content; `negated` means the set is its complement. */
export interface CharSet {
  body: string;
  negated: boolean;
}

/** Oniguruma's Word: letters, marks, decimal digits, connector punctuation. */
export const WORD = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}';

const set = (body: string, negated = false): CharSet => ({ body, negated });
export const negate = (s: CharSet): CharSet => ({ body: s.body, negated: !s.negated });

/** POSIX brackets and Oniguruma's POSIX-like property names, by lower-case name without `_ -` or spaces. */
const POSIX: Record<string, CharSet> = {
  alpha: set('\\p{Alphabetic}'),
  alnum: set('\\p{Alphabetic}\\p{Nd}'),
  ascii: set('\\x{0}-\\x{7f}'),
  blank: set('\\t\\p{Zs}'),
  cntrl: set('\\p{Cc}'),
  digit: set('\\p{Nd}'),
  graph: set('\\p{White_Space}\\p{Cc}\\p{Cn}\\p{Cs}', true),
  lower: set('\\p{Lowercase}'),
  print: set('\\p{Cc}\\p{Cn}\\p{Cs}\\p{Zl}\\p{Zp}', true),
  punct: set('\\p{P}$+<=>^`|~'), // Oniguruma 6.9.4+ counts the ASCII symbols as punctuation too
  space: set('\\p{White_Space}'),
  upper: set('\\p{Uppercase}'),
  xdigit: set('0-9A-Fa-f'),
  word: set(WORD),
  any: set('\\x{0}-\\x{10ffff}'),
  assigned: set('\\p{Cn}', true),
};

/** The escapes that stand for sets, inside or outside brackets. */
export function escapeSet(c: string): CharSet | undefined {
  switch (c) {
    case 'd':
    case 'D':
      return set('\\p{Nd}', c === 'D');
    case 'w':
    case 'W':
      return set(WORD, c === 'W');
    case 's':
    case 'S':
      return set('\\p{White_Space}', c === 'S'); // Oniguruma's \s: includes U+0085, excludes U+FEFF
  }
  return undefined;
}

/** Long general-category names (Oniguruma knows both spellings; RE2 only the short one). */
const CATEGORIES: Record<string, string> = Object.fromEntries(
  (
    'letter L casedletter LC uppercaseletter Lu lowercaseletter Ll titlecaseletter Lt modifierletter Lm ' +
    'otherletter Lo mark M combiningmark M nonspacingmark Mn spacingmark Mc enclosingmark Me number N ' +
    'decimalnumber Nd letternumber Nl othernumber No punctuation P connectorpunctuation Pc dashpunctuation Pd ' +
    'openpunctuation Ps closepunctuation Pe initialpunctuation Pi finalpunctuation Pf otherpunctuation Po ' +
    'symbol S mathsymbol Sm currencysymbol Sc modifiersymbol Sk othersymbol So separator Z spaceseparator Zs ' +
    'lineseparator Zl paragraphseparator Zp other C control Cc format Cf unassigned Cn privateuse Co surrogate Cs'
  )
    .split(' ')
    .flatMap((w, i, a) => (i % 2 ? [] : [[w, a[i + 1]]])),
);

const propertyCache = new Map<string, CharSet | null>();

/** An Oniguruma property name → an RE2 `\p{…}`: case, `_`, `-` and spaces are not significant. */
function property(name: string): CharSet | null {
  const key = name.toLowerCase().replace(/[\s_-]/g, '');
  if (Object.prototype.hasOwnProperty.call(POSIX, key)) return POSIX[key];
  if (Object.prototype.hasOwnProperty.call(CATEGORIES, key)) name = CATEGORIES[key];
  const cached = propertyCache.get(name);
  if (cached !== undefined) return cached;
  let found: CharSet | null = null;
  if (/^[\w\s.&-]+$/.test(name)) {
    const title = name
      .split(/[\s_-]+/)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
      .join('_');
    for (const cand of new Set([name, title])) {
      const form = `\\p{${cand}}`;
      try {
        RE2JS.compile(form);
        found = set(form);
        break;
      } catch {
        // not an RE2 property under this spelling
      }
    }
  }
  if (propertyCache.size > 512) propertyCache.clear();
  propertyCache.set(name, found);
  return found;
}

/** `\p{Name}`, `\p{^Name}`, `\P{Name}`: the cursor is on the `{`. */
export function readProperty(c: Cursor, upper: boolean): CharSet {
  const end = c.p.indexOf('}', c.i);
  if (end < 0) throw new RegexError('end pattern with unmatched parenthesis'); // sic: Oniguruma's message
  let name = c.p.slice(c.i + 1, end);
  c.i = end + 1;
  let neg = upper;
  if (name.startsWith('^')) {
    neg = !neg;
    name = name.slice(1);
  }
  const s = property(name);
  if (!s && /^in[\s_-]?[a-z]/i.test(name)) throw new RegexError(`Unicode block property {${name}} is not supported by this implementation`);
  if (!s) throw new RegexError(`invalid character property name {${name}}`);
  return neg ? negate(s) : s;
}

/** The case variants of a code point (itself, lower, upper, lower of upper), single code points only. */
export function caseVariants(cp: number): number[] {
  const s = String.fromCodePoint(cp);
  const out = new Set([cp]);
  for (const t of [s.toLowerCase(), s.toUpperCase(), s.toUpperCase().toLowerCase()]) {
    const c = t.codePointAt(0)!;
    if (String.fromCodePoint(c) === t) out.add(c);
  }
  return [...out];
}

const hex = (cp: number) => `\\x{${cp.toString(16)}}`;
const invisible = (cp: number) => cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff);

/** A code point as an RE2 pattern character outside brackets. */
export function escLiteral(cp: number): string {
  if (invisible(cp)) return hex(cp);
  const s = String.fromCodePoint(cp);
  return '^$\\.*+?()[]{}|/'.includes(s) ? '\\' + s : s;
}

/** A code point as an RE2 pattern character inside brackets. */
export function escClass(cp: number): string {
  if (invisible(cp)) return hex(cp);
  const s = String.fromCodePoint(cp);
  return '\\]-[^'.includes(s) ? '\\' + s : s;
}

/**
 * A set (positive class content `pos` plus complemented parts `neg`) as one RE2 atom. A complement that no
 * `\P{…}` can express becomes an alternative `[^…]`. The complement of such a union (`[^\W]`) is an
 * intersection, which RE2 classes cannot spell (JavaScript did it with a lookahead): refused.
 */
export function renderSet(pos: string, neg: string[], negated: boolean): string {
  const alts = (pos ? [`[${pos}]`] : []).concat(neg.map((n) => `[^${n}]`));
  if (!negated) return alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`;
  if (neg.length === 0) return `[^${pos}]`;
  if (!pos && neg.length === 1) return `[${neg[0]}]`; // [^\W] is \w
  throw refused('a negated class holding a negated multi-range set (such as [^\\W])', 'it is an intersection, which RE2 classes cannot express');
}

/** Adds a named set to class content: positive bodies inline, `\p{X}` complements as `\P{X}`. */
export function addSet(s: CharSet, pos: string[], neg: string[]): void {
  if (!s.negated) pos.push(s.body);
  else if (/^\\p\{[^}]+\}$/.test(s.body)) pos.push('\\P' + s.body.slice(2));
  else neg.push(s.body);
}

/** One named set as a JavaScript atom. */
export function renderCharSet(s: CharSet): string {
  const pos: string[] = [];
  const neg: string[] = [];
  addSet(s, pos, neg);
  return renderSet(pos.join(''), neg, false);
}

/** `\xHH` (one or two hex digits) or `\x{H…}`; the cursor is after the `x`. Null: a plain `x`. */
export function readHex(c: Cursor): number | null {
  const m = /^\{([0-9a-fA-F]{1,8})\}|^[0-9a-fA-F]{1,2}/.exec(c.p.slice(c.i));
  if (!m) return null;
  c.i += m[0].length;
  const v = parseInt(m[1] ?? m[0], 16);
  if (m[1] !== undefined || v < 0x80) return v;
  // A two-digit \xHH above 0x7f is a raw UTF-8 byte: the next \xHH escapes must complete the sequence.
  const bytes = [v];
  const need = v >= 0xf0 ? 4 : v >= 0xe0 ? 3 : v >= 0xc0 ? 2 : 0;
  for (let n; bytes.length < need && (n = /^\\x([0-9a-fA-F]{2})/.exec(c.p.slice(c.i))); c.i += 4) bytes.push(parseInt(n[1], 16));
  try {
    const s = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    if (bytes.length === need && [...s].length === 1) return s.codePointAt(0)!;
  } catch {
    // not UTF-8: Oniguruma's error below
  }
  throw new RegexError('too short multibyte code string');
}

/** `\cX`: the cursor is after the `c`. */
export function readControl(c: Cursor): number {
  const ch = c.p.codePointAt(c.i);
  if (ch === undefined) throw new RegexError('end pattern at control');
  c.i += ch > 0xffff ? 2 : 1;
  return ch === 0x3f ? 0x7f : ch & 0x1f;
}

export const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, a: 7, e: 27 };

/**
 * A bracket class; the cursor is just after `[`. `expandCase` adds the case variants of every character
 * (for a case-insensitive part of a pattern that is otherwise case-sensitive).
 */
export function readClass(c: Cursor, expandCase: boolean): string {
  const p = c.p;
  let negated = false;
  if (p[c.i] === '^') {
    negated = true;
    c.i++;
  }
  const pos: string[] = [];
  const neg: string[] = [];
  const addChar = (cp: number) => {
    for (const v of expandCase ? caseVariants(cp) : [cp]) pos.push(escClass(v));
  };
  for (let first = true; ; first = false) {
    if (c.i >= p.length) throw new RegexError('premature end of char-class');
    if (p[c.i] === ']') {
      // `]` first is a literal when another `]` can close the class.
      if (!first) {
        c.i++;
        break;
      }
      if (p.indexOf(']', c.i + 1) < 0) throw new RegexError('empty char-class');
    }
    const item = classItem(c);
    if (p[c.i] === '-' && c.i + 1 < p.length && p[c.i + 1] !== ']') {
      if (typeof item !== 'number') throw new RegexError('unmatched range specifier in char-class');
      c.i++;
      const hi = classItem(c);
      if (typeof hi !== 'number') throw new RegexError('char-class value at end of range');
      if (hi < item) throw new RegexError('empty range in char class');
      pos.push(`${escClass(item)}-${escClass(hi)}`);
      if (expandCase && hi - item <= 1000) {
        for (let cp = item; cp <= hi; cp++) for (const v of caseVariants(cp)) if (v < item || v > hi) pos.push(escClass(v));
      }
    } else if (typeof item === 'number') addChar(item);
    else addSet(item, pos, neg);
  }
  return renderSet(pos.join(''), neg, negated);
}

/** One class member: a code point, or a set (escape, property, POSIX bracket). */
function classItem(c: Cursor): number | CharSet {
  const p = c.p;
  if (p.startsWith('[:', c.i)) {
    const m = /^\[:(\^?)([A-Za-z]+):\]/.exec(p.slice(c.i));
    if (m) {
      c.i += m[0].length;
      const s = POSIX[m[2].toLowerCase()];
      if (!s) throw new RegexError('invalid POSIX bracket type');
      return m[1] ? negate(s) : s;
    }
  }
  const ch = p.codePointAt(c.i)!;
  c.i += ch > 0xffff ? 2 : 1;
  if (ch !== 0x5c) return ch;
  if (c.i >= p.length) throw new RegexError('end pattern at escape');
  const e = p[c.i++];
  const s = escapeSet(e);
  if (s) return s;
  if ((e === 'p' || e === 'P') && p[c.i] === '{') return readProperty(c, e === 'P');
  if (e === 'b') return 8; // backspace inside brackets
  if (e in CONTROL_ESCAPES) return CONTROL_ESCAPES[e];
  if (e === 'c') return readControl(c);
  if (e === 'x') {
    const v = readHex(c) ?? 0x78;
    return v > 0x10ffff ? negate(POSIX.any) : v; // Oniguruma accepts it and matches nothing
  }
  if (e >= '0' && e <= '7') {
    const m = /^[0-7]{1,3}/.exec(p.slice(c.i - 1))!;
    c.i += m[0].length - 1;
    return parseInt(m[0], 8);
  }
  c.i--;
  const lit = p.codePointAt(c.i)!;
  c.i += lit > 0xffff ? 2 : 1;
  return lit;
}
