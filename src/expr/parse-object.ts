/**
 * Object construction: `{a, $b, "c": v, (k): v, @base64 "…": v}`. Values are jq's ExpD (terms joined by
 * `|`, optionally negated), so `{a: 1 + 2}` needs parentheses, as in jq.
 */
import type { Node } from './ast.js';
import { type TokenCursor, lineOf } from './parse-cursor.js';

export function parseObject(p: TokenCursor): Node {
  const open = p.expectOp('{');
  const entries: { key: Node; value: Node }[] = [];
  // jq accepts a trailing comma: `{a: 1,}`.
  while (!p.isOp('}')) {
    entries.push(parseObjectEntry(p));
    if (!p.isOp(',')) break;
    p.i++;
  }
  p.expectOp('}');
  return { kind: 'object', entries, pos: open.pos };
}

function parseObjectEntry(p: TokenCursor): { key: Node; value: Node } {
  const t = p.tok;
  const pos = t.pos;
  const dot: Node = { kind: 'identity', pos };
  if (t.kind === 'var') {
    p.i++;
    const key: Node = { kind: 'literal', value: t.text, pos };
    const value: Node = t.text === '__loc__' ? { kind: 'loc', line: lineOf(p.src, pos), pos } : { kind: 'var', name: t.text, pos };
    if (p.isOp(':')) {
      // jq 1.7: `{$x: v}` uses the value of $x as the key.
      p.i++;
      return { key: value, value: parseObjectValue(p) };
    }
    return { key, value };
  }
  let key: Node;
  if (t.kind === 'ident' || t.kind === 'kw') {
    p.i++;
    key = { kind: 'literal', value: t.text, pos };
  } else if (t.kind === 'num') {
    p.i++;
    key = { kind: 'literal', value: t.num!, pos }; // jq accepts the syntax; the key then fails at run time
  } else if (t.kind === 'str' || (t.kind === 'format' && p.toks[p.i + 1].kind === 'str')) {
    key = p.parsePrimary();
  } else if (p.isOp('(')) {
    p.i++;
    key = p.parsePipe();
    p.expectOp(')');
    p.expectOp(':');
    return { key, value: parseObjectValue(p) };
  } else return p.fail(`unexpected ${p.describe(t)} in object construction`);
  if (p.isOp(':')) {
    p.i++;
    return { key, value: parseObjectValue(p) };
  }
  return { key, value: { kind: 'index', target: dot, key, pos } };
}

/** jq's ExpD: terms joined by `|`, optionally negated; `{a: 1 + 2}` needs parentheses, as in jq. */
function parseObjectValue(p: TokenCursor): Node {
  const t = p.tok;
  if (p.isOp('-')) {
    p.i++;
    return { kind: 'neg', operand: parseObjectValue(p), pos: t.pos };
  }
  const left = p.parsePostfix();
  if (p.isOp('|')) {
    const bar = p.tok;
    p.i++;
    return { kind: 'pipe', left, right: parseObjectValue(p), pos: bar.pos };
  }
  return left;
}
