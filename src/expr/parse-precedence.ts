/**
 * jq's operator precedence, from its yacc grammar: `|` < `,` < `//` < assignments < `or` < `and` <
 * comparisons < `+ -` < `* / %`, postfix terms highest. Non-associative operators cannot be chained
 * without parentheses (`1 == 2 == 3` is a syntax error, as in jq).
 */
export type Assoc = 'left' | 'right' | 'none';

export const INFIX: Record<string, [number, Assoc]> = {
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

/** Above every infix level: what `try` and `catch` take (a postfix term, as in jq). */
export const POSTFIX_LEVEL = 10;
