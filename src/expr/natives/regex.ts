/**
 * jq's `_match_impl(re; flags; testmode)` — the C function under `match`, `test`, `capture`, `scan`,
 * `split/2`, `sub` and `gsub` — on JavaScript's RegExp, with Oniguruma's syntax translated by
 * regex-translate.ts. Results are jq 1.7.1's, checked against its WebAssembly build:
 * - offsets and lengths count code points; a group that did not take part is
 *   `{offset: -1, string: null, length: 0, name}`;
 * - in a zero-width match jq 1.7.1 reports every group as `{offset: <match offset>, string: "", length: 0}`,
 *   whatever it captured (fixed in jq 1.8; kept here);
 * - after a zero-width match the `g` search resumes one code point further on. jq 1.7.1 steps one byte, so
 *   on a multi-byte character it also matches inside the character's UTF-8 bytes (`"é" | [match("";"g")]`
 *   gives offsets 0, 1, 1 there): that artefact is not reproduced;
 * - an invalid regex is `Regex failure: <Oniguruma's message>` (jq 1.6 and 1.7.1 alike).
 * Flags: `g` all matches, `i` ignore case, `x` extended, `m` and `p` dot matches newline (Oniguruma's
 * MULTILINE), `s` single line (already the default), `n` no empty matches (Oniguruma backtracks to find a
 * non-empty one: emulated with a second regex), `l` accepted and ignored.
 *
 * Known differences from jq 1.7.1, all from JavaScript's backtracking rules:
 * - `l` (FIND_LONGEST) makes Oniguruma return the longest match of the whole input (`"ab aaaa" |
 *   match("a+"; "l")` is at offset 3); here the leftmost match is returned;
 * - a backreference to a group that did not take part matches the empty string instead of failing;
 * - a group repeated by `*`, `+` or `{n,m}` whose last iteration matched empty keeps the previous
 *   iteration's capture (`"aa" | match("(a*)*")` captures "aa" here, "" at offset 2 in jq), and a
 *   repeated lazy empty-able atom (`a*?+`) may consume more;
 * - case-insensitive matching folds one code point to one (`ß` does not match `ss`); where only part of a
 *   pattern is case-insensitive, `\p{…}` and backreferences in that part stay case-sensitive.
 */
import { runtimeError } from '../errors.js';
import { type Json, type JsonObject, typeOf } from '../json.js';
import { truncDump } from '../stringify.js';
import { RegexError } from './regex-class.js';
import { type Part, translate } from './regex-translate.js';

interface Flags {
  global: boolean;
  i: boolean;
  x: boolean;
  dotAll: boolean;
  notEmpty: boolean;
}

interface Compiled {
  re: RegExp;
  /** Group number in `re` of each jq group. */
  groups: number[];
  names: (string | null)[];
  /** For the `n` flag: the regex at one position, rejecting an empty match by backtracking. */
  nonEmpty: { re: RegExp; groups: number[] } | null;
}

const describe = (v: Json) => `${typeOf(v)} (${truncDump(v)})`;

function parseFlags(modifiers: Json): Flags {
  const f: Flags = { global: false, i: false, x: false, dotAll: false, notEmpty: false };
  if (modifiers === null) return f;
  if (typeof modifiers !== 'string') throw runtimeError(`${describe(modifiers)} is not a string`);
  for (const ch of modifiers) {
    if (ch === 'g') f.global = true;
    else if (ch === 'i') f.i = true;
    else if (ch === 'x') f.x = true;
    else if (ch === 'm' || ch === 'p') f.dotAll = true;
    else if (ch === 'n') f.notEmpty = true;
    else if (ch !== 's' && ch !== 'l') throw runtimeError(`${modifiers} is not a valid modifier string`);
  }
  return f;
}

/** Numbers the groups (user and hidden) in order of appearance and writes the source. */
function render(parts: Part[], userGroups: number): { source: string; groups: number[] } {
  const index = new Map<number, number>();
  for (const part of parts) if (typeof part === 'object' && 'open' in part) index.set(part.open, index.size + 1);
  let source = '';
  for (const part of parts) {
    if (typeof part === 'string') source += part;
    else if ('open' in part) source += '(';
    else source += `(?:${part.ref.map((id) => '\\' + index.get(id)).join('|')})`;
  }
  return { source, groups: Array.from({ length: userGroups }, (_, k) => index.get(k + 1)!) };
}

/**
 * With the `u` flag (code points, `\p{…}`), which the translation is written for; without it only as a
 * fallback, and only for a source in which `\u{…}` and `\p{…}` (other things without `u`) do not occur.
 */
function build(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags + 'u');
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (!/\\[pPu]\{/.test(source)) {
      try {
        return new RegExp(source, flags);
      } catch {
        // report the error of the `u` attempt
      }
    }
    throw new RegexError(msg.slice(msg.lastIndexOf(': ') + 2));
  }
}

const CACHE_SIZE = 256;
const cache = new Map<string, Compiled>();

function compile(regex: string, f: Flags): Compiled {
  const key = `${+f.i}${+f.x}${+f.dotAll}${+f.notEmpty}${regex}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // least recently used first: re-insert at the end
    cache.set(key, hit);
    return hit;
  }
  let compiled: Compiled;
  try {
    const t = translate(regex, { i: f.i, x: f.x, dotAll: f.dotAll });
    const flags = 'dg' + (t.ignoreCase ? 'i' : '');
    const main = render(t.parts, t.names.length);
    compiled = { re: build(main.source, flags), groups: main.groups, names: t.names, nonEmpty: null };
    if (f.notEmpty) {
      // (?=([\s\S]*)) remembers the rest of the input; after the pattern, (?!\k$) fails if nothing was consumed.
      const NE = -1e9;
      const wrapped: Part[] = ['(?=', { open: NE }, '[\\s\\S]*))(?:', ...t.parts, ')(?!', { ref: [NE] }, '(?![\\s\\S]))'];
      const ne = render(wrapped, t.names.length);
      compiled.nonEmpty = { re: build(ne.source, flags.replace('g', 'y')), groups: ne.groups };
    }
  } catch (e) {
    if (e instanceof RegexError) throw runtimeError(`Regex failure: ${e.message}`);
    throw e;
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}

/** UTF-16 index → code point index (identity unless the string has surrogates). */
function codepointIndex(s: string): (u: number) => number {
  if (!/[\ud800-\udfff]/.test(s)) return (u) => u;
  const table = new Uint32Array(s.length + 1);
  for (let u = 0; u < s.length; u++) {
    const low = s.charCodeAt(u) >= 0xdc00 && s.charCodeAt(u) <= 0xdfff;
    const pair = low && u > 0 && s.charCodeAt(u - 1) >= 0xd800 && s.charCodeAt(u - 1) <= 0xdbff;
    table[u + 1] = table[u] + (pair ? 0 : 1);
  }
  return (u) => table[u];
}

function matchObject(m: RegExpExecArray, groups: number[], names: (string | null)[], cp: (u: number) => number): JsonObject {
  const start = m.index;
  const end = start + m[0].length;
  const offset = cp(start);
  const captures: Json[] = groups.map((g, k) => {
    const name = names[k];
    if (start === end) return { offset, string: '', length: 0, name }; // jq 1.7.1, see above
    const span = m.indices![g];
    if (!span) return { offset: -1, string: null, length: 0, name };
    if (span[0] === span[1]) return { offset: cp(span[0]), string: '', length: 0, name };
    return { offset: cp(span[0]), length: cp(span[1]) - cp(span[0]), string: m.input.slice(span[0], span[1]), name };
  });
  return { offset, length: cp(end) - offset, string: m[0], captures };
}

/** One code point further on (past a surrogate pair as a whole). */
function step(s: string, u: number): number {
  const c = s.charCodeAt(u);
  const pair = c >= 0xd800 && c <= 0xdbff && s.charCodeAt(u + 1) >= 0xdc00 && s.charCodeAt(u + 1) <= 0xdfff;
  return u + (pair ? 2 : 1);
}

/**
 * jq's `_match_impl`: `testOnly` gives a boolean, otherwise an array of match objects
 * `{offset, length, string, captures: [{offset, length, string, name}]}` (all matches with the `g` flag).
 */
export function matchImpl(input: Json, regex: Json, modifiers: Json, testOnly: boolean): Json {
  if (typeof input !== 'string') throw runtimeError(`${describe(input)} cannot be matched, as it is not a string`);
  if (typeof regex !== 'string') throw runtimeError(`${describe(regex)} is not a string`);
  const flags = parseFlags(modifiers);
  const c = compile(regex, flags);
  const cp = codepointIndex(input);
  const out: Json[] = [];
  for (let pos = 0; pos <= input.length; ) {
    c.re.lastIndex = pos;
    let m = c.re.exec(input);
    if (!m) break;
    let groups = c.groups;
    if (c.nonEmpty && m[0].length === 0) {
      c.nonEmpty.re.lastIndex = m.index;
      const longer = c.nonEmpty.re.exec(input);
      if (!longer) {
        pos = step(input, m.index); // nothing non-empty starts here: search on
        continue;
      }
      m = longer;
      groups = c.nonEmpty.groups;
    }
    if (testOnly) return true;
    out.push(matchObject(m, groups, c.names, cp));
    if (!flags.global) break;
    const end = m.index + m[0].length;
    pos = end > m.index ? end : step(input, end);
  }
  return testOnly ? false : out;
}
