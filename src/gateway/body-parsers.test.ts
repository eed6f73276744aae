import { describe, expect, it } from 'vitest';
import { charsetProblem, jsonShape, nestsDeeperThan } from './body-parsers.js';

describe('charsetProblem', () => {
  it('accepts UTF-8 and ASCII however they are written, and no charset', () => {
    for (const t of [undefined, 'application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF8', 'application/yaml; charset="utf-8"', 'application/json; charset=US-ASCII']) expect(charsetProblem(t), t).toBeUndefined();
  });

  it('refuses every other charset with a 415 media-type problem', () => {
    for (const t of ['application/json; charset=utf-16', 'application/json;charset="UTF-16LE"', 'application/yaml; charset=iso-8859-1', 'application/json; charset=']) {
      expect(charsetProblem(t), t).toMatchObject({ code: 'WEFT_ERR_API_MEDIA_TYPE', statusCode: 415 });
    }
  });
});

describe('jsonShape', () => {
  it('counts nesting and entries outside strings, stopping at the first bound crossed', () => {
    expect(jsonShape('{"a": [1, 2, {"b": "[[[,,,"}]}', 3, 10)).toEqual({ tooDeep: false, tooMany: false });
    expect(jsonShape('{"a": [1, 2, {"b": "[[[,,,"}]}', 2, 10)).toEqual({ tooDeep: true, tooMany: false });
    expect(jsonShape('[' + Array(101).fill(0).join(',') + ']', 10, 100)).toEqual({ tooDeep: false, tooMany: true });
    expect(jsonShape('["\\"[[[[", 1]', 1)).toEqual({ tooDeep: false, tooMany: false });
    expect(nestsDeeperThan('['.repeat(257) + ']'.repeat(257), 256)).toBe(true);
  });
});
