import { describe, expect, it } from 'vitest';
import { redactValues, secretStrings } from './redact.js';

describe('redactValues', () => {
  it('masks every occurrence of a secret in strings and keys, however deep, without touching the input', () => {
    const input = { a: 'Bearer sk_live_123', list: ['x', { k: 'sk_live_123 and sk_live_123' }], n: 5, ok: true, nil: null, sk_live_123: 'key' };
    const out = redactValues(input, ['sk_live_123']);
    expect(out).toEqual({ a: 'Bearer ***', list: ['x', { k: '*** and ***' }], n: 5, ok: true, nil: null, '***': 'key' });
    expect(input.a).toBe('Bearer sk_live_123');
  });

  it('masks a longer secret whole when a shorter one is inside it, and ignores values too short to mask', () => {
    expect(redactValues('token=abcdef-ghij', ['abcd', 'abcdef-ghij'])).toBe('token=***');
    expect(redactValues('a b c', ['a', 'b'])).toBe('a b c');
  });
});

describe('secretStrings', () => {
  it("takes every string leaf of structured secrets, once, long enough to mask", () => {
    expect(secretStrings(['tok_123456', { username: 'app', password: 'hunter22' }, 'tok_123456', 'ab']).sort()).toEqual(['hunter22', 'tok_123456']);
  });

  it('leaves out the fields of a structured secret that name rather than prove', () => {
    const oauth = { authority: 'https://idp.example.com', grant: 'client_credentials', client: { id: 'robot-client', secret: 'client-secret-1' }, scopes: ['invoices:read'], username: 'service-user', password: 'pw-secret-2' };
    expect(secretStrings([oauth]).sort()).toEqual(['client-secret-1', 'pw-secret-2']);
  });
});
