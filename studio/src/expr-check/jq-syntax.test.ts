import { describe, expect, it } from 'vitest';
import { checkJq, checkValue, expressionOf } from './jq-syntax.js';

describe('the light jq syntax check', () => {
  it('accepts well-formed expressions', () => {
    for (const e of ['.', '.a.b', '{ a: .x, b: [.y[] | . * 2] }', '"a \\(.b | "c") d"', '.a // "x"', 'map(select(.n > 1))', '.[1:]', '..']) {
      expect(checkJq(e), e).toBeNull();
    }
  });

  it('reports unbalanced brackets, open strings, empty and dangling operators', () => {
    expect(checkJq('.a | (')).toMatch(/never closed/);
    expect(checkJq('.a)')).toMatch(/unmatched/);
    expect(checkJq('[.a}')).toMatch(/closes/);
    expect(checkJq('"abc')).toMatch(/unterminated/);
    expect(checkJq('  ')).toMatch(/empty/);
    expect(checkJq('.a |')).toMatch(/ends with/);
  });

  it('checks only runtime expressions', () => {
    expect(expressionOf('${ .a }')).toBe(' .a ');
    expect(expressionOf('plain')).toBeNull();
    expect(checkValue('${ .a | }')).toMatch(/ends with/);
    expect(checkValue('not an expression (')).toBeNull();
    expect(checkValue(42)).toBeNull();
  });
});
