/**
 * The parser's token cursor: position, lookahead tests, expectations and syntax errors. The grammar
 * lives in parser.ts and the parse-*.ts files; they recurse into each other through the abstract entry
 * points below (implemented by the Parser), so that no grammar file imports another in a loop.
 */
import type { Node } from './ast.js';
import { syntaxError } from './errors.js';
import type { Token } from './lexer.js';

export abstract class TokenCursor {
  /** Index of the current token in `toks`. */
  i = 0;
  constructor(
    readonly src: string,
    readonly toks: Token[],
  ) {}

  /** A whole pipeline: the lowest precedence level. */
  abstract parsePipe(): Node;
  /** Operators of precedence `minPrec` and above (see parse-precedence.ts). */
  abstract parseExp(minPrec: number): Node;
  /** A term with its suffixes (`.a`, `[e]`, `[]`, `?`). */
  abstract parsePostfix(): Node;
  /** A term without suffixes. */
  abstract parsePrimary(): Node;

  get tok(): Token {
    return this.toks[this.i];
  }

  fail(msg: string, t: Token = this.tok): never {
    throw syntaxError(msg, this.src, t.pos);
  }

  describe(t: Token): string {
    if (t.kind === 'eof') return 'end of input';
    if (t.kind === 'str') return 'string literal';
    if (t.kind === 'var') return `$${t.text}`;
    if (t.kind === 'field') return `.${t.text}`;
    if (t.kind === 'format') return `@${t.text}`;
    return `'${t.text}'`;
  }

  isOp(text: string, t: Token = this.tok): boolean {
    return t.kind === 'op' && t.text === text;
  }

  isKw(text: string): boolean {
    return this.tok.kind === 'kw' && this.tok.text === text;
  }

  expectOp(text: string): Token {
    if (!this.isOp(text)) this.fail(`expected '${text}' but found ${this.describe(this.tok)}`);
    return this.toks[this.i++];
  }

  expectKw(text: string): Token {
    if (!this.isKw(text)) this.fail(`expected '${text}' but found ${this.describe(this.tok)}`);
    return this.toks[this.i++];
  }

  expectEnd(): void {
    if (this.tok.kind !== 'eof') this.fail(`unexpected ${this.describe(this.tok)}`);
  }
}

/** The 1-based line of a source offset (for `$__loc__`). */
export function lineOf(src: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos; i++) if (src.charCodeAt(i) === 10) line++;
  return line;
}
