import { describe, expect, it } from 'vitest';
import { ProblemError, defineErrors, problemTypeOf, statusTitle } from './index.js';

const Things = defineErrors('ThingError', {
  /** A thing that is not there. */
  missing: { code: 'WEFT_ERR_THING_MISSING', status: 404, meaning: 'The thing is not there.', action: 'Make one.' },
  clash: { code: 'WEFT_ERR_THING_CLASH', status: 409, title: 'Thing clash', type: 'https://example.test/clash', meaning: 'Two things clash.', action: 'Rename one.' },
});

class ThingError extends Things.Error {
  get retryable(): boolean {
    return this.code === Things.codes.clash;
  }
}

describe('defineErrors', () => {
  it('gives the codes object by short key', () => {
    expect(Things.codes).toEqual({ missing: 'WEFT_ERR_THING_MISSING', clash: 'WEFT_ERR_THING_CLASH' });
  });

  it('makes errors with a name, a code and what the table says of it', () => {
    const err = new ThingError(Things.codes.clash, 'it clashed');
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name: 'ThingError', code: 'WEFT_ERR_THING_CLASH', status: 409, title: 'Thing clash', type: 'https://example.test/clash', message: 'it clashed' });
    expect(err.retryable).toBe(true);
    expect(err.stack).toContain('it clashed');
  });

  it('leaves out what the table does not say (title, type)', () => {
    const err = new ThingError(Things.codes.missing, 'gone');
    expect(err.status).toBe(404);
    expect(err.title).toBeUndefined();
    expect(err.type).toBeUndefined();
  });

  it('chains the cause through the standard Error option, and only a defined one', () => {
    const root = new Error('disk full');
    expect(new ThingError(Things.codes.missing, 'gone', { cause: root }).cause).toBe(root);
    expect(Object.hasOwn(new ThingError(Things.codes.missing, 'gone', { cause: undefined }), 'cause')).toBe(false);
    expect(Object.hasOwn(new ThingError(Things.codes.missing, 'gone'), 'cause')).toBe(false);
  });

  it('gives problem details with defaults for what the table leaves out', () => {
    expect(new ThingError(Things.codes.missing, 'gone').toProblem()).toEqual({
      type: 'https://weft.dev/problems/thing-missing', status: 404, title: 'Not found', detail: 'gone', code: 'WEFT_ERR_THING_MISSING',
    });
    expect(new ThingError(Things.codes.clash, 'clashed').toProblem()).toEqual({
      type: 'https://example.test/clash', status: 409, title: 'Thing clash', detail: 'clashed', code: 'WEFT_ERR_THING_CLASH',
    });
  });

  it('adds extra members to the problem, without the undefined ones', () => {
    class Located extends Things.Error {
      constructor(code: (typeof Things.codes)['missing'], message: string, override readonly extra: Record<string, unknown>) {
        super(code, message);
      }
    }
    expect(new Located(Things.codes.missing, 'gone', { pointer: '/a', none: undefined }).toProblem()).toEqual({
      type: 'https://weft.dev/problems/thing-missing', status: 404, title: 'Not found', detail: 'gone', code: 'WEFT_ERR_THING_MISSING', pointer: '/a',
    });
  });

  it('takes a family default for the problem type', () => {
    const Typed = defineErrors('TypedError', { one: { code: 'WEFT_ERR_TYPED_ONE', status: 400, meaning: 'One.', action: 'None.' } }, { defaultType: problemTypeOf });
    expect(new Typed.Error(Typed.codes.one, 'x').type).toBe('https://weft.dev/problems/typed-one');
  });

  it('knows its codes and their definitions', () => {
    expect(Things.isCode('WEFT_ERR_THING_CLASH')).toBe(true);
    expect(Things.isCode('WEFT_ERR_OTHER')).toBe(false);
    expect(Things.isCode(42)).toBe(false);
    expect(Things.definition('WEFT_ERR_THING_MISSING')).toEqual({ code: 'WEFT_ERR_THING_MISSING', status: 404, meaning: 'The thing is not there.', action: 'Make one.' });
  });

  it('lists its name and every definition in table order, for the error catalog', () => {
    expect(Things.name).toBe('ThingError');
    expect(Things.definitions.map((d) => [d.code, d.meaning, d.action])).toEqual([
      ['WEFT_ERR_THING_MISSING', 'The thing is not there.', 'Make one.'],
      ['WEFT_ERR_THING_CLASH', 'Two things clash.', 'Rename one.'],
    ]);
  });

  it('refuses, at compile time, a definition without its meaning or action', () => {
    // @ts-expect-error meaning and action are required: no code without its catalog entry
    defineErrors('BareError', { bare: { code: 'WEFT_ERR_BARE', status: 400 } });
  });

  it('names statuses that have no title of their own', () => {
    expect(statusTitle(413)).toBe('Payload too large');
    expect(statusTitle(418)).toBe('Error');
  });
});

describe('ProblemError', () => {
  it('carries its problem, takes its message from it and chains the cause', () => {
    const cause = new Error('boom');
    const err = new ProblemError({ type: 'https://example.test/t', status: 500, title: 'Broken', detail: 'it broke' }, { cause });
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('it broke');
    expect(err.problem.status).toBe(500);
    expect(err.cause).toBe(cause);
    expect(new ProblemError({ type: 'https://example.test/t', status: 500, title: 'Broken' }).message).toBe('Broken');
    expect(new ProblemError({ type: 'https://example.test/t', status: 500 }).message).toBe('https://example.test/t');
  });
});
