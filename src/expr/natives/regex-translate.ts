/**
 * Oniguruma (Perl_NT syntax, as jq 1.7.1 compiles regexes) → RE2 syntax (re2js), a linear-time engine: no
 * user regex can hold the event loop by backtracking (`"a" * 40 + "!" | test("^(a+)+$")`).
 *
 * Where the two engines differ the translation spells Oniguruma's meaning out:
 * - `^` is `\A` (Perl_NT starts in single-line mode) and `(?m:^)` under `(?m)`; `$` (and `\Z`) also
 *   matches before a final newline: it becomes a hidden group `(\n?\z)`, and a match in which that group
 *   took the newline is moved back by one (regex.ts), as if `$` had not consumed it; `(?m:$)` under `(?m)`;
 *   `.` never matches `\n` unless `(?s)` or the `m`/`p` modifiers.
 * - `\d \w \s` are Unicode-aware; `\h \u \v \Q` are plain letters in Perl_NT; `\x{…}`, octal, `\cX`.
 * - nested quantifiers (`a**`) get a group; `{,n}` and malformed intervals are literal; `X?` is `(?:X|)`,
 *   so that an optional group that matched empty counts as matched, as in Oniguruma.
 * - inline options `(?imsx-imsx)` / `(?imsx-imsx:…)` are tracked here: when case-insensitivity is not
 *   uniform, the insensitive parts list case variants explicitly.
 * - named groups become plain groups (duplicate names are allowed, as in Oniguruma).
 * Refused with `… is not supported: … need(s) backtracking; Weft's regular expressions run in linear time
 * (RE2)`: backreferences (`\1`, `\k<name>`), lookahead and lookbehind, atomic groups, possessive
 * quantifiers, conditionals, subexpression calls. Other constructs without an RE2 form (`\G \K \y \Y`,
 * absent `(?~…)`, Unicode blocks) are reported as unsupported. Other errors use Oniguruma's messages.
 * Known difference: `\b`/`\B` are RE2's ASCII word boundaries (Oniguruma's are Unicode: `é` is a word
 * character for `\w` but not for `\b`).
 */
import {
  CONTROL_ESCAPES,
  caseVariants,
  escClass,
  escLiteral,
  escapeSet,
  readClass,
  readControl,
  readHex,
  readProperty,
  refused,
  renderCharSet,
} from './regex-class.js';
import { ANCHOR, GroupTranslator, NONE, type Part } from './regex-groups.js';

export type { Part } from './regex-groups.js';

export interface Translation {
  parts: Part[];
  /** Name of each user group, in order; null when unnamed. */
  names: (string | null)[];
  /** Whether RE2's case-insensitive flag is to be used. */
  ignoreCase: boolean;
}

const UNSUPPORTED: Record<string, string> = {
  G: '\\G (search start anchor)',
  K: '\\K (keep)',
  y: '\\y (text segment boundary)',
  Y: '\\Y (text segment boundary)',
};

export function translate(pattern: string, flags: { i: boolean; x: boolean; dotAll: boolean }): Translation {
  let t = new Translator(pattern, flags, false).run();
  if (t.sawI && t.sawNoI) t = new Translator(pattern, flags, true).run();
  return { parts: t.parts, names: t.names, ignoreCase: !t.expand && t.sawI };
}

class Translator extends GroupTranslator {
  run(): this {
    const p = this.p;
    while (this.i < p.length) {
      const c = p[this.i];
      if (this.opts.x && /\s/.test(c)) {
        this.i++;
      } else if (this.opts.x && c === '#') {
        const nl = p.indexOf('\n', this.i);
        this.i = nl < 0 ? p.length : nl + 1;
      } else if (c === '\\') this.escape();
      else if (c === '(') this.open();
      else if (c === ')') this.close();
      else if (c === '[') {
        this.i++;
        this.caseRelevant();
        this.emit(readClass(this, this.expand && this.opts.i));
      } else if (c === '.') {
        this.i++;
        this.emit(this.opts.s ? '[\\s\\S]' : '[^\\n]'); // Oniguruma's dot excludes only \n
      } else if (c === '^' || c === '$') {
        this.i++;
        if (c === '^') this.anchor(this.opts.m ? '(?m:^)' : '\\A');
        else if (this.opts.m) this.anchor('(?m:$)');
        else this.dollar();
      } else if (c === '|') {
        this.i++;
        this.parts.push('|');
        this.kind = NONE;
      } else if (c === '*' || c === '+' || c === '?') {
        this.i++;
        this.quantify(c);
      } else if (c === '{' && this.interval()) {
        // quantified by interval()
      } else this.literal(this.next());
    }
    if (this.stack.length) this.fail('end pattern with unmatched parenthesis');
    return this;
  }

  /** Single-line `$`: end of input or before a final newline; see the header and regex.ts. */
  private dollar(): void {
    const h = --this.hidden;
    this.atom = this.parts.length;
    this.parts.push({ open: h }, '\\n?\\z)');
    this.kind = ANCHOR;
    this.quantified = false;
  }

  private literal(cp: number): void {
    const variants = caseVariants(cp);
    if (variants.length > 1) this.caseRelevant();
    if (this.expand && this.opts.i && variants.length > 1) this.emit(`[${variants.map(escClass).join('')}]`);
    else this.emit(escLiteral(cp));
  }

  /** `*`, `+`, `?` or an interval, then an optional `?` (lazy) or `+` (possessive). */
  private quantify(q: string): void {
    if (this.kind === NONE) this.fail('target of repeat operator is not specified');
    if (this.kind === ANCHOR) this.fail('target of repeat operator is invalid');
    const start = this.atom;
    if (this.quantified) {
      this.parts.splice(start, 0, '(?:'); // a repeated repeat: Oniguruma nests them
      this.parts.push(')');
    }
    const mod = this.p[this.i];
    if (mod === '+') this.fail(refused(`${q}+ (possessive quantifier)`, 'possessive quantifiers need backtracking'));
    if (mod === '?') this.i++;
    if (q === '?') {
      // X? as (?:X|): a backtracking engine may discard an optional iteration that matched empty (`()?`
      // leaves the group unset), Oniguruma keeps it; an alternation has no such check. Lazy X?? is (?:|X).
      this.parts.splice(start, 0, mod === '?' ? '(?:|' : '(?:');
      this.parts.push(mod === '?' ? ')' : '|)');
    } else this.parts.push(mod === '?' ? q + '?' : q);
    this.quantified = true;
  }

  /** `{n}`, `{n,}`, `{n,m}`; anything else (`{,m}` included) leaves `{` a literal. */
  private interval(): boolean {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i));
    if (!m) return false;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
    if (lo > 100000 || (hi !== Infinity && hi > 100000)) this.fail('too big number for repeat range');
    if (hi < lo) this.fail('upper is smaller than lower in repeat range');
    this.i += m[0].length;
    this.quantify(m[2] === undefined ? `{${lo}}` : `{${lo},${m[3]}}`);
    return true;
  }

  private escape(): void {
    const p = this.p;
    this.i++;
    if (this.i >= p.length) this.fail('end pattern at escape');
    const c = p[this.i++];
    const set = escapeSet(c);
    if (set) return this.emit(renderCharSet(set));
    if (c in UNSUPPORTED) this.fail(`${UNSUPPORTED[c]} is not supported by this implementation`);
    if (c in CONTROL_ESCAPES) return this.literal(CONTROL_ESCAPES[c]);
    switch (c) {
      case 'b':
        return this.anchor('\\b');
      case 'B':
        return this.anchor('\\B');
      case 'A':
        return this.anchor('\\A');
      case 'z':
        return this.anchor('\\z');
      case 'Z':
        return this.dollar();
      case 'X':
        return this.emit('(?:\\r\\n|\\P{M}\\p{M}*)'); // extended grapheme cluster, approximately
      case 'R':
        return this.emit('(?:\\r\\n|[\\n\\x{b}\\f\\r\\x{85}\\x{2028}\\x{2029}])');
      case 'N':
        return this.emit('[^\\n]');
      case 'O':
        return this.emit('[\\s\\S]');
      case 'c':
        return this.literal(readControl(this));
      case 'x': {
        const v = readHex(this) ?? 0x78;
        return v > 0x10ffff ? this.emit('[^\\s\\S]') : this.literal(v); // Oniguruma: matches nothing
      }
      case 'p':
      case 'P':
        if (p[this.i] !== '{') return this.literal(c.charCodeAt(0));
        this.caseRelevant();
        return this.emit(renderCharSet(readProperty(this, c === 'P')));
      case 'k':
        if (p[this.i] === '<' || p[this.i] === "'") return this.namedRef();
        return this.literal(0x6b);
      case 'g':
        if (p[this.i] === '<' || p[this.i] === "'") this.fail(refused('\\g<…> (subexpression call)', 'subexpression calls need backtracking'));
        return this.literal(0x67);
    }
    if (c >= '0' && c <= '9') return this.numbered();
    this.i--;
    this.literal(this.next()); // any other escaped character stands for itself
  }

  /** `\1`…: a backreference when it can be one, else an octal escape (`\0`, `\101`). */
  private numbered(): void {
    const digits = /^\d+/.exec(this.p.slice(this.i - 1))![0];
    const n = Number(digits);
    if (digits[0] !== '0' && (n <= 9 || n <= this.total)) {
      if (n > this.total) this.fail('invalid backref number/name');
      this.i += digits.length - 1;
      return this.backref(`\\${digits}`);
    }
    const oct = /^[0-7]{1,3}/.exec(digits);
    if (!oct) this.fail('invalid backref number/name');
    this.i += oct[0].length - 1;
    this.literal(parseInt(oct[0], 8));
  }

  /** `\k<name>`, `\k'name'`, `\k<n>`, `\k<-n>` (relative). */
  private namedRef(): void {
    const close = this.p[this.i] === '<' ? '>' : "'";
    const end = this.p.indexOf(close, this.i + 1);
    const name = this.p.slice(this.i + 1, end < 0 ? undefined : end);
    if (end < 0 || name === '') this.fail('invalid backref number/name');
    this.i = end + 1;
    if (/^-?\d+$/.test(name)) {
      const n = Number(name) < 0 ? this.names.length + 1 + Number(name) : Number(name);
      if (n < 1 || n > this.total) this.fail('invalid backref number/name');
      return this.backref(`\\k<${name}>`);
    }
    if (!this.byName.has(name)) this.fail(`undefined name <${name}> reference`);
    this.backref(`\\k<${name}>`);
  }

  private backref(spelling: string): never {
    this.fail(refused(`${spelling} (backreference)`, 'backreferences need backtracking'));
  }
}
