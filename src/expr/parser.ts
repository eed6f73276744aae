/**
 * jq parser: precedence climbing over the token list, mirroring jq's yacc grammar
 * (`|` < `,` < `//` < assignments < `or` < `and` < comparisons < `+ -` < `* / %`, postfix terms highest).
 */
import type { AssignOp, BinaryOp, FuncDef, Node, Pattern } from './ast.js';
import { syntaxError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

type Assoc = 'left' | 'right' | 'none';
const INFIX: Record<string, [number, Assoc]> = {
  '|': [1, 'right'],
  ',': [2, 'left'],
  '//': [3, 'right'],
  '=': [4, 'none'], '|=': [4, 'none'], '+=': [4, 'none'], '-=': [4, 'none'], '*=': [4, 'none'],
  '/=': [4, 'none'], '%=': [4, 'none'], '//=': [4, 'none'],
  or: [5, 'left'],
  and: [6, 'left'],
  '==': [7, 'none'], '!=': [7, 'none'], '<': [7, 'none'], '<=': [7, 'none'], '>': [7, 'none'], '>=': [7, 'none'],
  '+': [8, 'left'], '-': [8, 'left'],
  '*': [9, 'left'], '/': [9, 'left'], '%': [9, 'left'],
};
const POSTFIX_LEVEL = 10;

export function parse(src: string): Node {
  const p = new Parser(src, tokenize(src));
  const node = p.parsePipe();
  p.expectEnd();
  return node;
}

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Token[],
  ) {}

  private get tok(): Token {
    return this.toks[this.i];
  }

  private fail(msg: string, t: Token = this.tok): never {
    throw syntaxError(msg, this.src, t.pos);
  }

  private describe(t: Token): string {
    if (t.kind === 'eof') return 'end of input';
    if (t.kind === 'str') return 'string literal';
    if (t.kind === 'var') return `$${t.text}`;
    if (t.kind === 'field') return `.${t.text}`;
    if (t.kind === 'format') return `@${t.text}`;
    return `'${t.text}'`;
  }

  private isOp(text: string, t: Token = this.tok): boolean {
    return t.kind === 'op' && t.text === text;
  }

  private isKw(text: string): boolean {
    return this.tok.kind === 'kw' && this.tok.text === text;
  }

  private expectOp(text: string): Token {
    if (!this.isOp(text)) this.fail(`expected '${text}' but found ${this.describe(this.tok)}`);
    return this.toks[this.i++];
  }

  private expectKw(text: string): Token {
    if (!this.isKw(text)) this.fail(`expected '${text}' but found ${this.describe(this.tok)}`);
    return this.toks[this.i++];
  }

  expectEnd(): void {
    if (this.tok.kind !== 'eof') this.fail(`unexpected ${this.describe(this.tok)}`);
  }

  parsePipe(): Node {
    return this.parseExp(1);
  }

  private infixOf(t: Token): [number, Assoc] | undefined {
    if (t.kind === 'op' || (t.kind === 'kw' && (t.text === 'and' || t.text === 'or'))) return INFIX[t.text];
    return undefined;
  }

  private parseExp(minPrec: number): Node {
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
      const def = this.parseFuncDef();
      return { kind: 'def', def, rest: this.parsePipe(), pos: t.pos };
    }
    const term = this.parsePostfix();
    if (this.isKw('as')) {
      this.i++;
      const patterns = this.parsePatterns();
      this.expectOp('|');
      return { kind: 'as', source: term, patterns, body: this.parsePipe(), pos: t.pos };
    }
    return term;
  }

  private parseFuncDef(): FuncDef {
    const start = this.expectKw('def');
    const nameTok = this.tok;
    if (nameTok.kind !== 'ident' && nameTok.kind !== 'kw') this.fail(`expected a function name but found ${this.describe(nameTok)}`);
    this.i++;
    const params: FuncDef['params'] = [];
    if (this.isOp('(')) {
      this.i++;
      for (;;) {
        const p = this.tok;
        if (p.kind === 'var') params.push({ name: p.text, isVar: true });
        else if (p.kind === 'ident' || p.kind === 'kw') params.push({ name: p.text, isVar: false });
        else this.fail(`expected a parameter name but found ${this.describe(p)}`);
        this.i++;
        if (this.isOp(';')) this.i++;
        else break;
      }
      this.expectOp(')');
    }
    this.expectOp(':');
    const body = this.parsePipe();
    this.expectOp(';');
    return { name: nameTok.text, params, body, pos: start.pos };
  }

  private parsePatterns(): Pattern[] {
    const out = [this.parsePattern()];
    while (this.isOp('?//')) {
      this.i++;
      out.push(this.parsePattern());
    }
    return out;
  }

  private parsePattern(): Pattern {
    const t = this.tok;
    if (t.kind === 'var') {
      this.i++;
      return { kind: 'var', name: t.text };
    }
    if (this.isOp('[')) {
      this.i++;
      const items: Pattern[] = [];
      if (!this.isOp(']')) {
        for (;;) {
          items.push(this.parsePattern());
          if (!this.isOp(',')) break;
          this.i++;
        }
      }
      this.expectOp(']');
      return { kind: 'array', items };
    }
    if (this.isOp('{')) {
      this.i++;
      const entries: { key: Node; bind?: string; value?: Pattern }[] = [];
      for (;;) {
        entries.push(this.parseObjectPatternEntry());
        if (!this.isOp(',')) break;
        this.i++;
      }
      this.expectOp('}');
      return { kind: 'object', entries };
    }
    return this.fail(`expected a pattern ($name, [...] or {...}) but found ${this.describe(t)}`);
  }

  private parseObjectPatternEntry(): { key: Node; bind?: string; value?: Pattern } {
    const t = this.tok;
    if (t.kind === 'var') {
      this.i++;
      const key: Node = { kind: 'literal', value: t.text, pos: t.pos };
      if (this.isOp(':')) {
        this.i++;
        return { key, bind: t.text, value: this.parsePattern() };
      }
      return { key, bind: t.text };
    }
    let key: Node;
    if (t.kind === 'ident' || t.kind === 'kw') {
      this.i++;
      key = { kind: 'literal', value: t.text, pos: t.pos };
    } else if (t.kind === 'str') {
      key = this.parsePrimary();
    } else if (this.isOp('(')) {
      this.i++;
      key = this.parsePipe();
      this.expectOp(')');
    } else return this.fail(`unexpected ${this.describe(t)} in object pattern`);
    this.expectOp(':');
    return { key, value: this.parsePattern() };
  }

  private parsePostfix(): Node {
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

  private parsePrimary(): Node {
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
        return this.parseIdent();
      case 'kw':
        return this.parseKeywordTerm();
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
        return this.parseObject();
      default:
        return this.fail(`unexpected ${this.describe(t)}`);
    }
  }

  private parseIdent(): Node {
    const t = this.tok;
    const pos = t.pos;
    this.i++;
    if (t.text === 'true' || t.text === 'false' || t.text === 'null') {
      return { kind: 'literal', value: t.text === 'null' ? null : t.text === 'true', pos };
    }
    if (t.text === 'break') {
      const v = this.tok;
      if (v.kind !== 'var') this.fail(`expected a label ($name) after break but found ${this.describe(v)}`);
      this.i++;
      return { kind: 'break', name: v.text, pos };
    }
    const args: Node[] = [];
    if (this.isOp('(')) {
      this.i++;
      for (;;) {
        args.push(this.parsePipe());
        if (!this.isOp(';')) break;
        this.i++;
      }
      this.expectOp(')');
    }
    return { kind: 'call', name: t.text, args, pos };
  }

  private parseKeywordTerm(): Node {
    const t = this.tok;
    const pos = t.pos;
    switch (t.text) {
      case 'if': {
        this.i++;
        const cond = this.parsePipe();
        this.expectKw('then');
        const then = this.parsePipe();
        return { kind: 'if', cond, then, else: this.parseElse(), pos };
      }
      case 'try': {
        this.i++;
        const body = this.parseExp(POSTFIX_LEVEL);
        let handler: Node | null = null;
        if (this.isKw('catch')) {
          this.i++;
          handler = this.parseExp(POSTFIX_LEVEL);
        }
        return { kind: 'try', body, handler, pos };
      }
      case 'reduce':
      case 'foreach': {
        this.i++;
        const source = this.parsePostfix();
        this.expectKw('as');
        const patterns = this.parsePatterns();
        this.expectOp('(');
        const init = this.parsePipe();
        this.expectOp(';');
        const update = this.parsePipe();
        let extract: Node | null = null;
        if (t.text === 'foreach' && this.isOp(';')) {
          this.i++;
          extract = this.parsePipe();
        }
        this.expectOp(')');
        if (t.text === 'reduce') return { kind: 'reduce', source, patterns, init, update, pos };
        return { kind: 'foreach', source, patterns, init, update, extract, pos };
      }
      case 'label': {
        this.i++;
        const v = this.tok;
        if (v.kind !== 'var') this.fail(`expected $name after label but found ${this.describe(v)}`);
        this.i++;
        this.expectOp('|');
        return { kind: 'label', name: v.text, body: this.parsePipe(), pos };
      }
      case 'def': {
        const def = this.parseFuncDef();
        return { kind: 'def', def, rest: this.parsePipe(), pos };
      }
      case 'import':
      case 'include':
        return this.fail('modules (import/include) are not supported: expressions cannot read files');
      default:
        return this.fail(`unexpected keyword '${t.text}'`);
    }
  }

  private parseElse(): Node | null {
    if (this.isKw('elif')) {
      const pos = this.tok.pos;
      this.i++;
      const cond = this.parsePipe();
      this.expectKw('then');
      const then = this.parsePipe();
      return { kind: 'if', cond, then, else: this.parseElse(), pos };
    }
    if (this.isKw('else')) {
      this.i++;
      const e = this.parsePipe();
      this.expectKw('end');
      return e;
    }
    this.expectKw('end');
    return null;
  }

  private parseObject(): Node {
    const open = this.expectOp('{');
    const entries: { key: Node; value: Node }[] = [];
    // jq accepts a trailing comma: `{a: 1,}`.
    while (!this.isOp('}')) {
      entries.push(this.parseObjectEntry());
      if (!this.isOp(',')) break;
      this.i++;
    }
    this.expectOp('}');
    return { kind: 'object', entries, pos: open.pos };
  }

  private parseObjectEntry(): { key: Node; value: Node } {
    const t = this.tok;
    const pos = t.pos;
    const dot: Node = { kind: 'identity', pos };
    if (t.kind === 'var') {
      this.i++;
      const key: Node = { kind: 'literal', value: t.text, pos };
      const value: Node = t.text === '__loc__' ? { kind: 'loc', line: lineOf(this.src, pos), pos } : { kind: 'var', name: t.text, pos };
      if (this.isOp(':')) {
        // jq 1.7: `{$x: v}` uses the value of $x as the key.
        this.i++;
        return { key: value, value: this.parseObjectValue() };
      }
      return { key, value };
    }
    let key: Node;
    if (t.kind === 'ident' || t.kind === 'kw') {
      this.i++;
      key = { kind: 'literal', value: t.text, pos };
    } else if (t.kind === 'num') {
      this.i++;
      key = { kind: 'literal', value: t.num!, pos }; // jq accepts the syntax; the key then fails at run time
    } else if (t.kind === 'str' || (t.kind === 'format' && this.toks[this.i + 1].kind === 'str')) {
      key = this.parsePrimary();
    } else if (this.isOp('(')) {
      this.i++;
      key = this.parsePipe();
      this.expectOp(')');
      this.expectOp(':');
      return { key, value: this.parseObjectValue() };
    } else return this.fail(`unexpected ${this.describe(t)} in object construction`);
    if (this.isOp(':')) {
      this.i++;
      return { key, value: this.parseObjectValue() };
    }
    return { key, value: { kind: 'index', target: dot, key, pos } };
  }

  /** jq's ExpD: terms joined by `|`, optionally negated; `{a: 1 + 2}` needs parentheses, as in jq. */
  private parseObjectValue(): Node {
    const t = this.tok;
    if (this.isOp('-')) {
      this.i++;
      return { kind: 'neg', operand: this.parseObjectValue(), pos: t.pos };
    }
    const left = this.parsePostfix();
    if (this.isOp('|')) {
      const bar = this.tok;
      this.i++;
      return { kind: 'pipe', left, right: this.parseObjectValue(), pos: bar.pos };
    }
    return left;
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

function lineOf(src: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos; i++) if (src.charCodeAt(i) === 10) line++;
  return line;
}
