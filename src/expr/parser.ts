/**
 * jq parser: precedence climbing over the token list, mirroring jq's yacc grammar (the levels are in
 * parse-precedence.ts). This file holds the operators, suffixes and punctuation terms; patterns, object
 * construction and word-led terms (`if`, `reduce`, `def`, calls, …) are in the parse-*.ts files.
 */
import type { AssignOp, BinaryOp, Node } from './ast.js';
import { tokenize, type Token } from './lexer.js';
import { TokenCursor, lineOf } from './parse-cursor.js';
import { parseFuncDef, parseIdent, parseKeywordTerm } from './parse-keywords.js';
import { parseObject } from './parse-object.js';
import { parsePatterns } from './parse-patterns.js';
import { type Assoc, INFIX } from './parse-precedence.js';

export function parse(src: string): Node {
  const p = new Parser(src, tokenize(src));
  const node = p.parsePipe();
  p.expectEnd();
  return node;
}

class Parser extends TokenCursor {
  parsePipe(): Node {
    return this.parseExp(1);
  }

  private infixOf(t: Token): [number, Assoc] | undefined {
    if (t.kind === 'op' || (t.kind === 'kw' && (t.text === 'and' || t.text === 'or'))) return INFIX[t.text];
    return undefined;
  }

  parseExp(minPrec: number): Node {
    let left = this.parseUnary();
    for (;;) {
      const t = this.tok;
      const info = this.infixOf(t);
      if (!info || info[0] < minPrec) return left;
      const [prec, assoc] = info;
      this.i++;
      const right = this.parseExp(assoc === 'right' ? prec : prec + 1);
      left = this.combine(t, left, right);
      if (assoc === 'none') {
        const next = this.infixOf(this.tok);
        if (next && next[0] === prec) this.fail(`${this.describe(this.tok)} cannot follow ${this.describe(t)} without parentheses`);
      }
    }
  }

  private combine(t: Token, left: Node, right: Node): Node {
    const pos = t.pos;
    switch (t.text) {
      case '|':
        return { kind: 'pipe', left, right, pos };
      case ',':
        return { kind: 'comma', left, right, pos };
      case '//':
        return { kind: 'alt', left, right, pos };
      case 'and':
      case 'or':
        return { kind: t.text, left, right, pos };
      case '=': case '|=': case '+=': case '-=': case '*=': case '/=': case '%=': case '//=':
        return { kind: 'assign', op: t.text as AssignOp, left, right, pos };
      default:
        return { kind: 'binary', op: t.text as BinaryOp, left, right, pos };
    }
  }

  /** Prefix forms that extend as far right as possible (`def`, `… as $x | …`, `label`) and unary minus. */
  private parseUnary(): Node {
    const t = this.tok;
    if (this.isOp('-')) {
      this.i++;
      return { kind: 'neg', operand: this.parseExp(INFIX['*'][0]), pos: t.pos };
    }
    if (this.isKw('def')) {
      const def = parseFuncDef(this);
      return { kind: 'def', def, rest: this.parsePipe(), pos: t.pos };
    }
    const term = this.parsePostfix();
    if (this.isKw('as')) {
      this.i++;
      const patterns = parsePatterns(this);
      this.expectOp('|');
      return { kind: 'as', source: term, patterns, body: this.parsePipe(), pos: t.pos };
    }
    return term;
  }

  parsePostfix(): Node {
    let t = this.parsePrimary();
    // A step that indexes (`.a`, `.[e]`, `.[]`, slices) may take `?` for itself, as in jq's grammar.
    let step = t.kind === 'index' && t.target.kind === 'identity';
    for (;;) {
      const tok = this.tok;
      if (tok.kind === 'field') {
        this.i++;
        t = { kind: 'index', target: t, key: { kind: 'literal', value: tok.text, pos: tok.pos }, pos: tok.pos };
        step = true;
      } else if (this.isOp('.') && this.toks[this.i + 1].kind === 'str') {
        this.i++;
        t = { kind: 'index', target: t, key: this.parsePrimary(), pos: tok.pos };
        step = true;
      } else if (this.isOp('.') && this.isOp('[', this.toks[this.i + 1])) {
        this.i++; // jq 1.7: `.a.[0]` is `.a[0]` (but `.a.[1:]` stays a syntax error)
        t = this.parseBracketSuffix(t, false);
        step = true;
      } else if (this.isOp('[')) {
        t = this.parseBracketSuffix(t, true);
        step = true;
      } else if (this.isOp('?')) {
        this.i++;
        if (step && (t.kind === 'index' || t.kind === 'slice' || t.kind === 'iterate') && !t.opt) t = { ...t, opt: true };
        else t = { kind: 'try', body: t, handler: null, pos: tok.pos };
        step = false;
      } else return t;
    }
  }

  private parseBracketSuffix(target: Node, slices: boolean): Node {
    const open = this.expectOp('[');
    if (this.isOp(']')) {
      this.i++;
      return { kind: 'iterate', target, pos: open.pos };
    }
    if (!slices && this.isOp(':')) this.fail("a slice cannot follow '.'");
    if (this.isOp(':')) {
      this.i++;
      const to = this.parsePipe();
      this.expectOp(']');
      return { kind: 'slice', target, from: null, to, pos: open.pos };
    }
    const e = this.parsePipe();
    if (!slices && this.isOp(':')) this.fail("a slice cannot follow '.'");
    if (this.isOp(':')) {
      this.i++;
      const to = this.isOp(']') ? null : this.parsePipe();
      this.expectOp(']');
      return { kind: 'slice', target, from: e, to, pos: open.pos };
    }
    this.expectOp(']');
    return { kind: 'index', target, key: e, pos: open.pos };
  }

  parsePrimary(): Node {
    const t = this.tok;
    const pos = t.pos;
    switch (t.kind) {
      case 'num':
        this.i++;
        return { kind: 'literal', value: t.num!, pos };
      case 'str':
        this.i++;
        return this.stringNode(t, null);
      case 'format': {
        this.i++;
        const s = this.tok;
        if (s.kind === 'str') {
          this.i++;
          return this.stringNode(s, t.text);
        }
        return { kind: 'format', name: t.text, pos };
      }
      case 'field':
        this.i++;
        return { kind: 'index', target: { kind: 'identity', pos }, key: { kind: 'literal', value: t.text, pos }, pos };
      case 'var':
        this.i++;
        if (t.text === '__loc__') return { kind: 'loc', line: lineOf(this.src, pos), pos };
        return { kind: 'var', name: t.text, pos };
      case 'ident':
        return parseIdent(this);
      case 'kw':
        return parseKeywordTerm(this);
      case 'op':
        return this.parseOpTerm();
      default:
        return this.fail(`unexpected ${this.describe(t)}`);
    }
  }

  private parseOpTerm(): Node {
    const t = this.tok;
    const pos = t.pos;
    switch (t.text) {
      case '.': {
        this.i++;
        if (this.tok.kind === 'str') {
          const key = this.parsePrimary();
          return { kind: 'index', target: { kind: 'identity', pos }, key, pos };
        }
        return { kind: 'identity', pos };
      }
      case '..':
        this.i++;
        return { kind: 'recurseDefault', pos };
      case '(': {
        this.i++;
        const e = this.parsePipe();
        this.expectOp(')');
        return e;
      }
      case '[': {
        this.i++;
        if (this.isOp(']')) {
          this.i++;
          return { kind: 'array', body: null, pos };
        }
        const body = this.parsePipe();
        this.expectOp(']');
        return { kind: 'array', body, pos };
      }
      case '{':
        return parseObject(this);
      default:
        return this.fail(`unexpected ${this.describe(t)}`);
    }
  }

  private stringNode(t: Token, format: string | null): Node {
    const parts: (string | Node)[] = [];
    for (const part of t.parts!) {
      if (typeof part === 'string') parts.push(part);
      else {
        const sub = new Parser(this.src, part);
        const node = sub.parsePipe();
        sub.expectEnd();
        parts.push(node);
      }
    }
    if (parts.length === 1 && format === null) return { kind: 'literal', value: parts[0] as string, pos: t.pos };
    return { kind: 'string', parts, format, pos: t.pos };
  }
}
