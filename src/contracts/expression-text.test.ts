import { describe, expect, it } from 'vitest';
import { expressionText, isRuntimeExpression, unwrapExpression } from './expression-text.js';

describe('runtime expression text', () => {
  it('tells ${ } expressions from plain strings', () => {
    expect(isRuntimeExpression('${ .a }')).toBe(true);
    expect(isRuntimeExpression('  ${.a | {b}}  ')).toBe(true);
    expect(isRuntimeExpression('Hello ${ .name }')).toBe(false);
    expect(isRuntimeExpression('.a')).toBe(false);
    expect(isRuntimeExpression(3)).toBe(false);
  });

  it('unwraps the jq as written, or null', () => {
    expect(unwrapExpression('${ .a }')).toBe(' .a ');
    expect(unwrapExpression(' ${\n.a\n} ')).toBe('\n.a\n');
    expect(unwrapExpression('plain')).toBeNull();
  });

  it('takes the jq of an expression field: unwrapped, or bare as it is', () => {
    expect(expressionText('${ .a }')).toBe(' .a ');
    expect(expressionText(' .a ')).toBe(' .a ');
  });
});
