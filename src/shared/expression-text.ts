/**
 * Runtime expressions as text: a `${ … }` string, or bare jq in the fields the DSL defines as
 * expressions (`if`, `when`, `for.in`, …). How to tell one and take its jq out, written once for the
 * engine, the DSL checks, the events module and the studio (src/contracts/expression-text.ts
 * re-exports it; it lives here because the DSL module, which may import only shared, needs it too).
 */

/** `${ … }`, whitespace allowed around it; the jq is everything between `${` and the last `}`. */
const WRAPPED = /^\s*\$\{([\s\S]*)\}\s*$/;

/** Whether a value is a `${ … }` runtime expression. */
export function isRuntimeExpression(value: unknown): value is string {
  return typeof value === 'string' && WRAPPED.test(value);
}

/** The jq inside `${ … }` (as written, not trimmed), or null when the string is not a runtime expression. */
export function unwrapExpression(value: string): string | null {
  const m = WRAPPED.exec(value);
  return m ? m[1] : null;
}

/** The jq text of an expression field: the inside of `${ … }`, or the string as it is (bare jq). */
export function expressionText(value: string): string {
  return unwrapExpression(value) ?? value;
}
