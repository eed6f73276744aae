/**
 * The state of the Oniguruma → RE2 regex translator (regex-translate.ts) and the group constructs:
 * `(…)`, `(?:…)`, named groups, comments and inline options. Perl_NT semantics: an isolated option `(?i)`
 * lasts to the end of the enclosing group, across `|`. Lookarounds and atomic groups are refused: they need
 * a backtracking engine.
 */
import { type Cursor, RegexError, refused } from './regex-class.js';

/**
 * Output: source text and group openings (user groups 1…n; hidden groups < 0, each the `(\n?\z)` of a
 * single-line `$`, see regex-translate.ts).
 */
export type Part = string | { open: number };

export interface Opts {
  i: boolean; // ignore case
  x: boolean; // extended: white space and #-comments ignored
  s: boolean; // dot matches newline (Oniguruma's MULTILINE)
  m: boolean; // ^ and $ at line breaks (Perl's (?m), i.e. not SINGLELINE)
}

export const NONE = 0;
export const ATOM = 1;
export const ANCHOR = 2; // assertions: cannot be repeated

interface Frame {
  saved: Opts;
  start: number;
}

export abstract class GroupTranslator implements Cursor {
  i = 0;
  parts: Part[] = [];
  names: (string | null)[] = [];
  sawI = false; // case-sensitive-relevant atoms under (?i) …
  sawNoI = false; // … and outside it
  protected opts: Opts;
  protected readonly stack: Frame[] = [];
  protected readonly byName = new Map<string, number[]>();
  protected readonly total: number;
  protected hidden = 0;
  protected atom = 0;
  protected kind = NONE;
  protected quantified = false;

  constructor(
    readonly p: string,
    flags: { i: boolean; x: boolean; dotAll: boolean },
    readonly expand: boolean,
  ) {
    this.opts = { i: flags.i, x: flags.x, s: flags.dotAll, m: false };
    this.total = countGroups(p);
  }

  protected fail(msg: string | RegexError): never {
    throw typeof msg === 'string' ? new RegexError(msg) : msg;
  }

  protected next(): number {
    const cp = this.p.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return cp;
  }

  protected emit(src: string | Part, kind = ATOM): void {
    this.atom = this.parts.length;
    this.parts.push(src);
    this.kind = kind;
    this.quantified = false;
  }

  protected anchor(src: string): void {
    this.emit(src, ANCHOR);
  }

  protected caseRelevant(): void {
    if (this.opts.i) this.sawI = true;
    else this.sawNoI = true;
  }

  protected open(): void {
    const p = this.p;
    const frame: Frame = { saved: { ...this.opts }, start: this.parts.length };
    this.i++;
    if (p[this.i] === '*') this.fail('invalid callout name');
    if (p[this.i] !== '?') return this.group(frame, { open: this.addGroup(null) });
    const c = p[++this.i];
    if (c === undefined) this.fail('end pattern in group');
    if (c === ':') {
      this.i++;
      return this.group(frame, '(?:');
    }
    if (c === '=' || c === '!') this.fail(refused(`(?${c}…) (lookahead)`, 'lookaround needs backtracking'));
    if (c === '<' && (p[this.i + 1] === '=' || p[this.i + 1] === '!')) {
      this.fail(refused(`(?<${p[this.i + 1]}…) (lookbehind)`, 'lookaround needs backtracking'));
    }
    if (c === '<' || c === "'") return this.group(frame, { open: this.addGroup(this.groupName(c === '<' ? '>' : "'")) });
    if (c === '>') this.fail(refused('(?>…) (atomic group)', 'atomic groups need backtracking'));
    if (c === '#') {
      const end = p.indexOf(')', this.i);
      if (end < 0) this.fail('end pattern in group');
      this.i = end + 1; // a comment: no effect on the surrounding atoms
      return;
    }
    if (c === '~') this.fail('(?~…) (absent operator) is not supported by this implementation');
    if (c === '(') this.fail(refused('(?(…)…) (conditional)', 'conditionals need backtracking'));
    this.options(frame);
  }

  /** `(?imsx-imsx)` (to the end of the enclosing group, across `|`) or `(?imsx-imsx:…)`. */
  protected options(frame: Frame): void {
    const o = { ...this.opts };
    for (let on = true; ; ) {
      const ch = this.p[this.i++];
      if (ch === undefined) this.fail('end pattern in group');
      if (ch === '-') on = false;
      else if (ch === 'i' || ch === 'x' || ch === 's' || ch === 'm') o[ch] = on;
      else if (ch === ')') {
        this.opts = o;
        this.kind = NONE;
        return;
      } else if (ch === ':') {
        this.group(frame, '(?:');
        this.opts = o;
        return;
      } else this.fail('undefined group option');
    }
  }

  protected groupName(close: string): string {
    const end = this.p.indexOf(close, this.i + 1);
    const name = this.p.slice(this.i + 1, end < 0 ? undefined : end);
    if (end >= 0 && name === '') this.fail('group name is empty');
    if (end < 0 || !/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) this.fail(`invalid group name <${name}>`);
    this.i = end + 1;
    return name;
  }

  protected addGroup(name: string | null): number {
    this.names.push(name);
    const id = this.names.length;
    if (name !== null) this.byName.set(name, [...(this.byName.get(name) ?? []), id]);
    return id;
  }

  protected group(frame: Frame, opening: Part): void {
    this.parts.push(opening);
    this.stack.push(frame);
    this.kind = NONE;
  }

  protected close(): void {
    const f = this.stack.pop();
    if (!f) this.fail('unmatched close parenthesis');
    this.i++;
    this.parts.push(')');
    this.opts = f.saved;
    this.atom = f.start;
    this.kind = ATOM;
    this.quantified = false;
  }
}

/** The number of capturing groups, for telling `\12` (backreference) from `\12` (octal) as Oniguruma does. */
export function countGroups(p: string): number {
  let n = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '[') {
      i += p[i + 1] === '^' ? 2 : 1;
      for (let first = true; i < p.length && (p[i] !== ']' || first); i++, first = false) {
        if (p[i] === '\\') i++;
        else if (p.startsWith('[:', i)) i = Math.max(i, p.indexOf(':]', i + 2) + 1);
      }
    } else if (c === '(') {
      if (p[i + 1] !== '?' && p[i + 1] !== '*') n++;
      else if (p[i + 1] === '?' && (p[i + 2] === "'" || (p[i + 2] === '<' && p[i + 3] !== '=' && p[i + 3] !== '!'))) n++;
    }
  }
  return n;
}
