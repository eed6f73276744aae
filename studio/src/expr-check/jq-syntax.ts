/**
 * A light, client-side syntax check of jq runtime expressions (`${ … }`), run as the user types: string
 * literals closed, brackets balanced and matched, no empty expression, no dangling operator. It catches
 * the typing mistakes that matter while editing; the server's jq compiler (src/expr) stays the authority
 * and reports anything subtler when the workflow is saved.
 */

import { unwrapExpression as expressionOf } from '../../../src/contracts/index.js';

/** The expression inside `${ … }`, or null when the value is not a runtime expression (the server's rule: src/contracts). */
export { expressionOf };

/** Null when the expression looks well-formed, else what is wrong. */
export function checkJq(expr: string): string | null {
  if (expr.trim() === '') return 'the expression is empty';
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let last = '';
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '"') {
      const end = stringEnd(expr, i);
      if (end < 0) return `unterminated string starting at column ${i + 1}`;
      i = end;
      last = '"';
      continue;
    }
    if (c === '#') {
      while (i < expr.length && expr[i] !== '\n') i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c === ')' || c === ']' || c === '}') {
      const open = stack.pop();
      if (open !== pairs[c]) return open ? `'${c}' at column ${i + 1} closes '${open}'` : `unmatched '${c}' at column ${i + 1}`;
    }
    if (!/\s/.test(c)) last = c;
  }
  if (stack.length > 0) return `'${stack[stack.length - 1]}' is never closed`;
  if (/[|,+\-*/%<>=]$/.test(last) && !/\.\.$|\?\/\/$/.test(expr.trimEnd())) return `the expression ends with '${last}'`;
  return null;
}

/** Index of the closing quote of the string opening at `start`, skipping escapes and `\( … )` interpolations. */
function stringEnd(s: string, start: number): number {
  for (let i = start + 1; i < s.length; i++) {
    if (s[i] === '\\') {
      if (s[i + 1] === '(') {
        let depth = 1;
        i += 2;
        for (; i < s.length && depth > 0; i++) {
          if (s[i] === '(') depth++;
          else if (s[i] === ')') depth--;
          else if (s[i] === '"') {
            const end = stringEnd(s, i);
            if (end < 0) return -1;
            i = end;
          }
        }
        i--;
        continue;
      }
      i++;
      continue;
    }
    if (s[i] === '"') return i;
  }
  return -1;
}

/** Checks a field value: only runtime expressions are checked; plain values are fine. */
export function checkValue(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const expr = expressionOf(value);
  return expr === null ? null : checkJq(expr);
}
