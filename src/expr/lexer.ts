/**
 * jq lexer. String literals are lexed with their interpolations already split into token lists,
 * so the parser never re-enters the lexer.
 */
import { syntaxError } from './errors.js';

export type TokenKind =
  | 'num' // 1, 1.5e3, .5
  | 'str' // "…", possibly with \( … ) parts
  | 'ident' // foo, foo::bar
  | 'field' // .foo
  | 'var' // $foo
  | 'format' // @base64
  | 'kw' // keywords
  | 'op' // punctuation and operators
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The text: the operator/keyword/identifier, or the name without sigil for field/var/format. */
  text: string;
  /** Numeric value for `num`. */
  num?: number;
  /** For `str`: literal text pieces and interpolated token lists, alternating from a string piece. */
  parts?: (string | Token[])[];
  pos: number;
}

export const KEYWORDS = new Set([
  'def', 'if', 'then', 'elif', 'else', 'end', 'as', 'reduce', 'foreach', 'try', 'catch', 'label',
  'import', 'include', 'and', 'or', '__loc__',
]);

// Operators by first character, longest first, so that `?//` wins over `?` and `//=` over `//`.
const OPS_BY_CHAR = new Map<string, string[]>();
for (const op of [
  '?//', '//=', '|=', '+=', '-=', '*=', '/=', '%=', '==', '!=', '<=', '>=', '//', '..',
  '.', '[', ']', '{', '}', '(', ')', '|', ',', ':', ';', '=', '<', '>', '+', '-', '*', '/', '%', '?',
]) {
  const list = OPS_BY_CHAR.get(op[0]) ?? [];
  list.push(op);
  OPS_BY_CHAR.set(op[0], list);
}

const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;

const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;

export function tokenize(src: string): Token[] {
  const lx = new Lexer(src);
  const tokens = lx.run(0);
  return tokens;
}

class Lexer {
  i = 0;
  constructor(private readonly src: string) {}

  /** Lexes until end of input (depth 0) or until the `)` closing an interpolation (depth > 0). */
  run(depth: number): Token[] {
    const out: Token[] = [];
    let parens = 0;
    for (;;) {
      this.skipSpace();
      if (this.i >= this.src.length) {
        if (depth > 0) throw syntaxError('unterminated string interpolation', this.src, this.i);
        out.push({ kind: 'eof', text: '', pos: this.i });
        return out;
      }
      const c = this.src.charCodeAt(this.i);
      if (depth > 0 && c === 41 /* ) */ && parens === 0) {
        this.i++;
        out.push({ kind: 'eof', text: '', pos: this.i - 1 });
        return out;
      }
      const t = this.next();
      if (t.kind === 'op') {
        if (t.text === '(') parens++;
        else if (t.text === ')') parens--;
      }
      out.push(t);
    }
  }

  private skipSpace(): void {
    const s = this.src;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else if (c === 35 /* # */) {
        while (this.i < s.length && s.charCodeAt(this.i) !== 10) this.i++;
      } else break;
    }
  }

  private next(): Token {
    const s = this.src;
    const pos = this.i;
    const c = s.charCodeAt(pos);
    if (c === 34 /* " */) return this.string();
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(pos + 1)))) return this.number();
    if (c === 46 /* . */ && isIdentStart(s.charCodeAt(pos + 1))) {
      this.i++;
      return { kind: 'field', text: this.ident(), pos };
    }
    if (c === 36 /* $ */) {
      this.i++;
      this.skipSpace();
      if (!isIdentStart(s.charCodeAt(this.i))) throw syntaxError('expected a variable name after $', s, pos);
      return { kind: 'var', text: this.ident(), pos };
    }
    if (c === 64 /* @ */) {
      this.i++;
      if (!isIdentStart(s.charCodeAt(this.i))) throw syntaxError('expected a format name after @', s, pos);
      return { kind: 'format', text: this.ident(), pos };
    }
    if (isIdentStart(c)) {
      const text = this.ident();
      return { kind: KEYWORDS.has(text) ? 'kw' : 'ident', text, pos };
    }
    for (const op of OPS_BY_CHAR.get(s[pos]) ?? []) {
      if (op.length === 1 || s.startsWith(op, pos)) {
        this.i += op.length;
        return { kind: 'op', text: op, pos };
      }
    }
    throw syntaxError(`unexpected character '${s[pos]}'`, s, pos);
  }

  private ident(): string {
    const s = this.src;
    const start = this.i;
    while (this.i < s.length) {
      if (isIdentPart(s.charCodeAt(this.i))) this.i++;
      else if (s.startsWith('::', this.i) && isIdentStart(s.charCodeAt(this.i + 2))) this.i += 2;
      else break;
    }
    return s.slice(start, this.i);
  }

  private number(): Token {
    const s = this.src;
    const pos = this.i;
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(s);
    if (!m) throw syntaxError('invalid number', s, pos);
    this.i += m[0].length;
    if (isIdentStart(s.charCodeAt(this.i))) throw syntaxError(`invalid number '${m[0]}${s[this.i]}'`, s, pos);
    return { kind: 'num', text: m[0], num: Number(m[0]), pos };
  }

  private string(): Token {
    const s = this.src;
    const pos = this.i++;
    const parts: (string | Token[])[] = [];
    let buf = '';
    for (;;) {
      if (this.i >= s.length) throw syntaxError('unterminated string literal', s, pos);
      const c = s[this.i++];
      if (c === '"') break;
      if (c !== '\\') {
        buf += c;
        continue;
      }
      const e = s[this.i++];
      switch (e) {
        case 'n': buf += '\n'; break;
        case 't': buf += '\t'; break;
        case 'r': buf += '\r'; break;
        case 'b': buf += '\b'; break;
        case 'f': buf += '\f'; break;
        case '\\': buf += '\\'; break;
        case '/': buf += '/'; break;
        case '"': buf += '"'; break;
        case 'u': {
          const hex = s.slice(this.i, this.i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw syntaxError('invalid \\u escape in string literal', s, this.i - 2);
          buf += String.fromCharCode(parseInt(hex, 16));
          this.i += 4;
          break;
        }
        case '(': {
          parts.push(buf);
          buf = '';
          parts.push(this.run(1));
          break;
        }
        default:
          throw syntaxError(`invalid escape '\\${e ?? ''}' in string literal`, s, this.i - 2);
      }
    }
    parts.push(buf);
    return { kind: 'str', text: parts.length === 1 ? buf : '', parts, pos };
  }
}
