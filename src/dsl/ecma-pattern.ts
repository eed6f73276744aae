/**
 * ECMA-262 regular expressions written by users (JSON Schema `pattern` and `patternProperties`, `listen`
 * filter values) run on RE2 (re2js), a linear-time engine, instead of JavaScript's backtracking RegExp: a
 * catastrophic pattern (`^(a+)+$` against `"aaaa…!"`) cannot hold the event loop.
 *
 * `toRe2Source` keeps the ECMA-262 (`u` flag) meaning where RE2 differs (`\s` and `.` as in JavaScript,
 * `\p{Script=…}`, `[]` and `[^]`), and refuses what needs backtracking: backreferences and lookahead
 * (lookbehind runs in linear time in re2js and is kept). Compiled patterns are cached (LRU, 512).
 *
 * Linear is not free: when RE2 cannot use its DFA, a test costs up to (string length × program size)
 * steps of its NFA (`.{1000}!` against a 1 MB string: about a minute). A test whose worst case exceeds
 * MAX_PATTERN_WORK does not run and does not match: the value fails its `pattern` (or the filter) at once.
 */
import { RE2JS } from 're2js';

const WHY = "Weft's regular expressions run in linear time (RE2)";
/** JavaScript's `\s`: RE2's is ASCII only. */
const JS_SPACE = '\\t\\n\\x{b}\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
/** JavaScript's `.` without the `s` flag. */
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/** A pattern RE2 cannot run, or an invalid one. */
export class UnsupportedPatternError extends Error {}

const refuse = (what: string, why: string): never => {
  throw new UnsupportedPatternError(`${what} is not supported: ${why}; ${WHY}`);
};

/** An ECMA-262 (`u`) pattern → RE2 syntax; throws UnsupportedPatternError for constructs RE2 cannot run. */
export function toRe2Source(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(n)) refuse(`\\${n} (backreference)`, 'backreferences need backtracking');
      if (!inClass && n === 'k' && pattern[i + 2] === '<') refuse('\\k<…> (backreference)', 'backreferences need backtracking');
      if (n === 's' || (n === 'S' && !inClass)) {
        out += inClass ? JS_SPACE : `[${n === 'S' ? '^' : ''}${JS_SPACE}]`;
      } else if ((n === 'p' || n === 'P') && pattern[i + 2] === '{') {
        const end = pattern.indexOf('}', i);
        if (end < 0) return RE2JS.translateRegExp(pattern); // let RE2 report it
        const name = pattern.slice(i + 3, end).replace(/^(Script|sc|Script_Extensions|scx|General_Category|gc)=/, '');
        out += `\\${n}{${name}}`;
        i = end;
        continue;
      } else out += c + n;
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      const negated = pattern[i + 1] === '^';
      if (pattern[i + (negated ? 2 : 1)] === ']') {
        out += negated ? '[\\x{0}-\\x{10ffff}]' : '[^\\x{0}-\\x{10ffff}]'; // JavaScript's [^] and []
        i += negated ? 2 : 1;
      } else {
        inClass = true;
        out += c;
      }
    } else if (c === '(' && pattern[i + 1] === '?' && (pattern[i + 2] === '=' || pattern[i + 2] === '!')) {
      refuse(`(?${pattern[i + 2]}…) (lookahead)`, 'lookahead needs backtracking');
    } else out += c === '.' ? JS_DOT : c;
  }
  return RE2JS.translateRegExp(out);
}

/** Worst-case work (string length × program size) a test may do: about 0.3–0.9 s of RE2's NFA at most. */
export const MAX_PATTERN_WORK = 10_000_000;

/** A compiled pattern: `test` is unanchored, like RegExp's, and bounded by MAX_PATTERN_WORK. */
export interface EcmaPattern {
  test(s: string): boolean;
  /** Instructions of the RE2 program. */
  readonly size: number;
}

const CACHE_SIZE = 512;
const cache = new Map<string, EcmaPattern>();

/** Compiles an ECMA-262 pattern on RE2; throws UnsupportedPatternError. */
export function ecmaPattern(pattern: string, { ignoreCase = false }: { ignoreCase?: boolean } = {}): EcmaPattern {
  const key = `${+ignoreCase}${pattern}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // least recently used first: re-insert at the end
    cache.set(key, hit);
    return hit;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(toRe2Source(pattern), RE2JS.LOOKBEHINDS | (ignoreCase ? RE2JS.CASE_INSENSITIVE : 0));
  } catch (err) {
    if (err instanceof UnsupportedPatternError) throw new UnsupportedPatternError(`pattern ${JSON.stringify(pattern)}: ${err.message}`);
    const msg = (err as Error).message.replace(/^error parsing regexp: /, '');
    throw new UnsupportedPatternError(`pattern ${JSON.stringify(pattern)}: ${msg}`, { cause: err });
  }
  const size = re.matcher('').programSize();
  const compiled: EcmaPattern = { size, test: (s: string) => s.length * size <= MAX_PATTERN_WORK && re.test(s) };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}
