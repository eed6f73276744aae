/**
 * Terms that start with a word: `if`, `try`, `reduce`, `foreach`, `label`, `def` (function definitions),
 * the literals `true`/`false`/`null`, `break $label`, and calls `name(arg; …)`.
 */
import type { FuncDef, Node } from './ast.js';
import type { TokenCursor } from './parse-cursor.js';
import { parsePatterns } from './parse-patterns.js';
import { POSTFIX_LEVEL } from './parse-precedence.js';

export function parseFuncDef(p: TokenCursor): FuncDef {
  const start = p.expectKw('def');
  const nameTok = p.tok;
  if (nameTok.kind !== 'ident' && nameTok.kind !== 'kw') p.fail(`expected a function name but found ${p.describe(nameTok)}`);
  p.i++;
  const params: FuncDef['params'] = [];
  if (p.isOp('(')) {
    p.i++;
    for (;;) {
      const param = p.tok;
      if (param.kind === 'var') params.push({ name: param.text, isVar: true });
      else if (param.kind === 'ident' || param.kind === 'kw') params.push({ name: param.text, isVar: false });
      else p.fail(`expected a parameter name but found ${p.describe(param)}`);
      p.i++;
      if (p.isOp(';')) p.i++;
      else break;
    }
    p.expectOp(')');
  }
  p.expectOp(':');
  const body = p.parsePipe();
  p.expectOp(';');
  return { name: nameTok.text, params, body, pos: start.pos };
}

export function parseIdent(p: TokenCursor): Node {
  const t = p.tok;
  const pos = t.pos;
  p.i++;
  if (t.text === 'true' || t.text === 'false' || t.text === 'null') {
    return { kind: 'literal', value: t.text === 'null' ? null : t.text === 'true', pos };
  }
  if (t.text === 'break') {
    const v = p.tok;
    if (v.kind !== 'var') p.fail(`expected a label ($name) after break but found ${p.describe(v)}`);
    p.i++;
    return { kind: 'break', name: v.text, pos };
  }
  const args: Node[] = [];
  if (p.isOp('(')) {
    p.i++;
    for (;;) {
      args.push(p.parsePipe());
      if (!p.isOp(';')) break;
      p.i++;
    }
    p.expectOp(')');
  }
  return { kind: 'call', name: t.text, args, pos };
}

export function parseKeywordTerm(p: TokenCursor): Node {
  const t = p.tok;
  const pos = t.pos;
  switch (t.text) {
    case 'if': {
      p.i++;
      const cond = p.parsePipe();
      p.expectKw('then');
      const then = p.parsePipe();
      return { kind: 'if', cond, then, else: parseElse(p), pos };
    }
    case 'try': {
      p.i++;
      const body = p.parseExp(POSTFIX_LEVEL);
      let handler: Node | null = null;
      if (p.isKw('catch')) {
        p.i++;
        handler = p.parseExp(POSTFIX_LEVEL);
      }
      return { kind: 'try', body, handler, pos };
    }
    case 'reduce':
    case 'foreach': {
      p.i++;
      const source = p.parsePostfix();
      p.expectKw('as');
      const patterns = parsePatterns(p);
      p.expectOp('(');
      const init = p.parsePipe();
      p.expectOp(';');
      const update = p.parsePipe();
      let extract: Node | null = null;
      if (t.text === 'foreach' && p.isOp(';')) {
        p.i++;
        extract = p.parsePipe();
      }
      p.expectOp(')');
      if (t.text === 'reduce') return { kind: 'reduce', source, patterns, init, update, pos };
      return { kind: 'foreach', source, patterns, init, update, extract, pos };
    }
    case 'label': {
      p.i++;
      const v = p.tok;
      if (v.kind !== 'var') p.fail(`expected $name after label but found ${p.describe(v)}`);
      p.i++;
      p.expectOp('|');
      return { kind: 'label', name: v.text, body: p.parsePipe(), pos };
    }
    case 'def': {
      const def = parseFuncDef(p);
      return { kind: 'def', def, rest: p.parsePipe(), pos };
    }
    case 'import':
    case 'include':
      return p.fail('modules (import/include) are not supported: expressions cannot read files');
    default:
      return p.fail(`unexpected keyword '${t.text}'`);
  }
}

function parseElse(p: TokenCursor): Node | null {
  if (p.isKw('elif')) {
    const pos = p.tok.pos;
    p.i++;
    const cond = p.parsePipe();
    p.expectKw('then');
    const then = p.parsePipe();
    return { kind: 'if', cond, then, else: parseElse(p), pos };
  }
  if (p.isKw('else')) {
    p.i++;
    const e = p.parsePipe();
    p.expectKw('end');
    return e;
  }
  p.expectKw('end');
  return null;
}
