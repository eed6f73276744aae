import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../api/client.js';
import { MAX_VALUE_BYTES, parseSecretValue, scrubError, sensitiveStrings, valueStatus } from './secret-value.js';

describe('parseSecretValue', () => {
  it('sends text as typed, white space included', () => {
    expect(parseSecretValue(' sk_live_1 \n', 'text')).toEqual({ value: ' sk_live_1 \n' });
    expect(parseSecretValue('', 'text')).toEqual({ error: 'enter a value' });
  });

  it('sends a JSON object as an object, and refuses anything else without quoting the text', () => {
    expect(parseSecretValue('{"username": "app", "password": "hunter22"}', 'json')).toEqual({ value: { username: 'app', password: 'hunter22' } });
    expect(parseSecretValue('  ', 'json')).toEqual({ error: expect.stringMatching(/^enter a JSON object/) });
    expect(parseSecretValue('[1, 2]', 'json')).toEqual({ error: 'a JSON object ({…}) is needed, not an array' });
    expect(parseSecretValue('null', 'json')).toEqual({ error: 'a JSON object ({…}) is needed, not null' });
    expect(parseSecretValue('"hunter22"', 'json')).toEqual({ error: 'a JSON object ({…}) is needed, not a string: for plain text choose Text' });
    const broken = parseSecretValue('{"password": "hunter22",\n  oops}', 'json');
    expect(broken).toEqual({ error: 'not valid JSON at line 2, column 3' });
    const bare = parseSecretValue('hunter22', 'json');
    expect('error' in bare && bare.error).toMatch(/^not valid JSON/);
    expect(JSON.stringify(bare)).not.toContain('hunter');
  });

  it('refuses a value over 64 KiB as JSON (what the vault measures)', () => {
    expect(parseSecretValue('x'.repeat(MAX_VALUE_BYTES - 2), 'text')).toEqual({ value: expect.any(String) });
    expect(parseSecretValue('x'.repeat(MAX_VALUE_BYTES - 1), 'text')).toEqual({ error: `too long: a value is at most 65536 bytes as JSON, this one is 65537` });
    expect(parseSecretValue(JSON.stringify({ k: 'é'.repeat(40_000) }), 'json')).toEqual({ error: expect.stringMatching(/^too long/) });
  });
});

describe('valueStatus', () => {
  it('is empty, an error, a warning about white space at the ends, or fine', () => {
    expect(valueStatus('', 'text')).toEqual({ empty: true });
    expect(valueStatus(' \n', 'json')).toEqual({ empty: true });
    expect(valueStatus('{', 'json')).toEqual({ empty: false, error: expect.stringMatching(/^not valid JSON/) });
    expect(valueStatus('token\n', 'text')).toEqual({ empty: false, warning: expect.stringMatching(/white space/) });
    expect(valueStatus('token', 'text')).toEqual({ empty: false });
  });
});

describe('keeping values out of messages', () => {
  it('lists the value, an object’s JSON and its strings (also JSON-escaped), longest first; short strings are left alone', () => {
    expect(sensitiveStrings('sk_live_1')).toEqual(['sk_live_1']);
    expect(sensitiveStrings('abc')).toEqual([]);
    const object = { user: 'app', password: 'p"w\\rd1', nested: { key: 'k3y-value' } };
    expect(sensitiveStrings(object)).toEqual([
      JSON.stringify(JSON.stringify(object)).slice(1, -1),
      JSON.stringify(object),
      'p\\"w\\\\rd1',
      'k3y-value',
      'p"w\\rd1',
    ]);
  });

  it('masks them in a problem (every string field) or an error', () => {
    const problem = new ApiProblem({ type: 'about:blank', title: 'Bad value sk_live_1', status: 400, detail: 'got "sk_live_1"', code: 'WEFT_ERR_VAULT_INVALID', errors: [{ message: 'sk_live_1!' }] });
    const scrubbed = scrubError(problem, ['sk_live_1']);
    expect(scrubbed).toBeInstanceOf(ApiProblem);
    expect((scrubbed as ApiProblem).problem).toEqual({ type: 'about:blank', title: 'Bad value •••', status: 400, detail: 'got "•••"', code: 'WEFT_ERR_VAULT_INVALID', errors: [{ message: '•••!' }] });
    expect((scrubbed as ApiProblem).message).toBe('got "•••"');
    expect((scrubError(new Error('x sk_live_1 y'), ['sk_live_1']) as Error).message).toBe('x ••• y');
    expect(scrubError('sk_live_1', ['sk_live_1'])).toBe('•••');
    expect(scrubError(problem, [])).toBe(problem);
  });
});
