/**
 * jq's `_match_impl(re; flags; testmode)` — the C function under `match`, `test`, `capture`, `scan`,
 * `split/2`, `sub` and `gsub` — on re2js, a linear-time (RE2) engine, with Oniguruma's syntax translated by
 * regex-translate.ts. Matching time is linear in the input whatever the regex: a user's regex cannot hold
 * the event loop (`"a" * 40 + "!" | test("^(a+)+$")` is `false` at once). Constructs that need backtracking
 * (backreferences, lookaround, atomic groups, possessive quantifiers, conditionals) are refused with a
 * catchable error naming the construct.
 *
 * Results are jq 1.7.1's, checked against its WebAssembly build:
 * - offsets and lengths count code points; a group that did not take part is
 *   `{offset: -1, string: null, length: 0, name}`;
 * - in a zero-width match jq 1.7.1 reports every group as `{offset: <match offset>, string: "", length: 0}`,
 *   whatever it captured (fixed in jq 1.8; kept here);
 * - after a zero-width match the `g` search resumes one code point further on. jq 1.7.1 steps one byte, so
 *   on a multi-byte character it also matches inside the character's UTF-8 bytes (`"é" | [match("";"g")]`
 *   gives offsets 0, 1, 1 there): that artefact is not reproduced;
 * - an invalid regex is `Regex failure: <Oniguruma's message>` (jq 1.6 and 1.7.1 alike); a refused one is
 *   `Regex failure: <construct> is not supported: <why>; Weft's regular expressions run in linear time (RE2)`.
 * Flags: `g` all matches, `i` ignore case, `x` extended, `m` and `p` dot matches newline (Oniguruma's
 * MULTILINE), `s` single line (already the default), `n` no empty matches, `l` accepted and ignored.
 *
 * Known differences from jq 1.7.1:
 * - `l` (FIND_LONGEST) makes Oniguruma return the longest match of the whole input (`"ab aaaa" |
 *   match("a+"; "l")` is at offset 3); here the leftmost match is returned;
 * - `n`: where the preferred match is empty, Oniguruma backtracks to the next-preferred non-empty one; here
 *   the longest match at that position is taken (the same for greedy patterns);
 * - a group repeated by `*`, `+` or `{n,m}` whose last iteration matched empty may keep another
 *   iteration's capture than Oniguruma's;
 * - `\b`/`\B` are ASCII word boundaries; case-insensitive matching folds one code point to one (`ß` does not
 *   match `ss`); where only part of a pattern is case-insensitive, `\p{…}` in that part stays case-sensitive;
 * - repetition counts above 1000 (`a{1001}`) are refused (RE2's bound; Oniguruma allows 100000).
 */
import { tick } from '../budget.js';
import { runtimeError } from '../errors.js';
import { type Json, type JsonObject, typeOf } from '../json.js';
import { type Matcher, RE2JS } from 're2js';
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
  re: RE2JS;
  /** Group number in `re` of each jq group. */
  groups: number[];
  names: (string | null)[];
  /** Group numbers of the single-line `$` anchors, each `(\n?\z)` (see regex-translate.ts). */
  dollars: number[];
  /** For the `n` flag: the same regex, leftmost-longest. */
  longest: RE2JS | null;
  /** Instructions of the compiled program: RE2's worst case is input length × this. */
  size: number;
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
function render(parts: Part[], userGroups: number): { source: string; groups: number[]; dollars: number[] } {
  const index = new Map<number, number>();
  let source = '';
  for (const part of parts) {
    if (typeof part === 'string') source += part;
    else {
      index.set(part.open, index.size + 1);
      source += '(';
    }
  }
  const dollars = [...index].filter(([id]) => id < 0).map(([, n]) => n);
  return { source, groups: Array.from({ length: userGroups }, (_, k) => index.get(k + 1)!), dollars };
}

function build(source: string, flags: number): RE2JS {
  try {
    return RE2JS.compile(source, flags);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new RegexError(msg.replace(/^error parsing regexp: /, '') + (/repeat count/.test(msg) ? ` (at most ${RE2JS_MAX_REPEAT})` : ''));
  }
}

const RE2JS_MAX_REPEAT = 1000;
/**
 * Linear is not free: RE2's automaton costs up to (input length × program size) when it cannot use its DFA
 * (`"x" * 1000000 | [match(".{1000}"; "g")]` is 10⁹ steps of its NFA, about a minute). Each call is charged
 * to the expression's step budget (budget.ts) before it runs, one step per this many units of worst-case
 * work (a step of the evaluator and about 8 NFA units cost about the same): such a call fails at once with
 * the budget error instead of holding the event loop, while `test("^[a-z]+@[a-z]+\\.com$")` on a short
 * string costs a few steps.
 */
const UNITS_PER_STEP = 8;
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
    const flags = t.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0;
    const main = render(t.parts, t.names.length);
    compiled = {
      re: build(main.source, flags),
      groups: main.groups,
      names: t.names,
      dollars: main.dollars,
      longest: f.notEmpty ? build(main.source, flags | RE2JS.LONGEST_MATCH) : null,
      size: 0,
    };
    compiled.size = compiled.re.matcher('').programSize();
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

/** Start and end (UTF-16) of group `g` of the last match, or null when it did not take part. */
type Span = (g: number) => [number, number] | null;

/**
 * The spans of `m`'s last match. When a single-line `$` took the input's final newline, every position at
 * the end of the input is moved back before that newline: `$` is zero-width in Oniguruma.
 */
function spans(m: Matcher, c: Compiled, input: string): Span {
  const n = input.length;
  const tookNewline = c.dollars.some((d) => m.start(d) === n - 1 && m.end(d) === n);
  const at = (u: number) => (tookNewline && u === n ? n - 1 : u);
  return (g) => (m.start(g) < 0 ? null : [at(m.start(g)), at(m.end(g))]);
}

function matchObject(input: string, span: Span, groups: number[], names: (string | null)[], cp: (u: number) => number): JsonObject {
  const [start, end] = span(0)!;
  const offset = cp(start);
  const captures: Json[] = groups.map((g, k) => {
    const name = names[k];
    if (start === end) return { offset, string: '', length: 0, name }; // jq 1.7.1, see above
    const s = span(g);
    if (!s) return { offset: -1, string: null, length: 0, name };
    if (s[0] === s[1]) return { offset: cp(s[0]), string: '', length: 0, name };
    return { offset: cp(s[0]), length: cp(s[1]) - cp(s[0]), string: input.slice(s[0], s[1]), name };
  });
  return { offset, length: cp(end) - offset, string: input.slice(start, end), captures };
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
  tick(Math.ceil((input.length * c.size) / UNITS_PER_STEP));
  if (testOnly && !c.longest) return c.re.test(input);
  const cp = codepointIndex(input);
  const out: Json[] = [];
  const m = c.re.matcher(input);
  let longest: Matcher | null = null;
  for (let pos = 0; pos <= input.length; ) {
    if (!m.find(pos)) break;
    let span = spans(m, c, input);
    let [start, end] = span(0)!;
    if (c.longest && start === end) {
      // The leftmost-longest search finds a match at the same (leftmost) position: non-empty or none.
      longest ??= c.longest.matcher(input);
      const found = longest.find(start) ? spans(longest, c, input) : null;
      const s = found?.(0);
      if (!found || !s || s[0] === s[1]) {
        pos = step(input, start); // nothing non-empty starts here: search on
        continue;
      }
      span = found;
      [start, end] = s;
    }
    if (testOnly) return true;
    out.push(matchObject(input, span, c.groups, c.names, cp));
    if (!flags.global) break;
    pos = end > start ? end : step(input, end);
  }
  return testOnly ? false : out;
}
