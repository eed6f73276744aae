/**
 * Destructuring patterns after `as` (and in `reduce`/`foreach`): `$x`, `[$a, $b]`, `{a: $x, $b, "c": [$d]}`,
 * and the alternatives of `?//`.
 */
import type { Node, Pattern } from './ast.js';
import type { TokenCursor } from './parse-cursor.js';

export function parsePatterns(p: TokenCursor): Pattern[] {
  const out = [parsePattern(p)];
  while (p.isOp('?//')) {
    p.i++;
    out.push(parsePattern(p));
  }
  return out;
}

function parsePattern(p: TokenCursor): Pattern {
  const t = p.tok;
  if (t.kind === 'var') {
    p.i++;
    return { kind: 'var', name: t.text };
  }
  if (p.isOp('[')) {
    p.i++;
    const items: Pattern[] = [];
    if (!p.isOp(']')) {
      for (;;) {
        items.push(parsePattern(p));
        if (!p.isOp(',')) break;
        p.i++;
      }
    }
    p.expectOp(']');
    return { kind: 'array', items };
  }
  if (p.isOp('{')) {
    p.i++;
    const entries: { key: Node; bind?: string; value?: Pattern }[] = [];
    for (;;) {
      entries.push(parseObjectPatternEntry(p));
      if (!p.isOp(',')) break;
      p.i++;
    }
    p.expectOp('}');
    return { kind: 'object', entries };
  }
  return p.fail(`expected a pattern ($name, [...] or {...}) but found ${p.describe(t)}`);
}

function parseObjectPatternEntry(p: TokenCursor): { key: Node; bind?: string; value?: Pattern } {
  const t = p.tok;
  if (t.kind === 'var') {
    p.i++;
    const key: Node = { kind: 'literal', value: t.text, pos: t.pos };
    if (p.isOp(':')) {
      p.i++;
      return { key, bind: t.text, value: parsePattern(p) };
    }
    return { key, bind: t.text };
  }
  let key: Node;
  if (t.kind === 'ident' || t.kind === 'kw') {
    p.i++;
    key = { kind: 'literal', value: t.text, pos: t.pos };
  } else if (t.kind === 'str') {
    key = p.parsePrimary();
  } else if (p.isOp('(')) {
    p.i++;
    key = p.parsePipe();
    p.expectOp(')');
  } else return p.fail(`unexpected ${p.describe(t)} in object pattern`);
  p.expectOp(':');
  return { key, value: parsePattern(p) };
}
