import { describe, expect, it } from 'vitest';
import { grantBody, grantsSummary, notGrantedYet, parseGrantEntries } from './grants.js';

describe('grant entries', () => {
  it('reads a list separated by commas or spaces, each once, * allowed', () => {
    expect(parseGrantEntries('namespaces', ' shop, billing  shop\n*')).toEqual({ entries: ['shop', 'billing', '*'] });
    expect(parseGrantEntries('functions', 'charge,*')).toEqual({ entries: ['charge', '*'] });
    expect(parseGrantEntries('namespaces', 'Team-A')).toEqual({ entries: ['Team-A'] });
  });

  it('names the first entry the vault would refuse', () => {
    expect(parseGrantEntries('namespaces', ' , ')).toEqual({ error: 'enter a namespace, or * for every namespace' });
    expect(parseGrantEntries('namespaces', 'shop -bad')).toEqual({ error: "'-bad' is not a namespace (letters, digits and '-') or *" });
    expect(parseGrantEntries('functions', 'Charge')).toEqual({ error: expect.stringMatching(/^'Charge' is not a function name/) });
    expect(parseGrantEntries('functions', 'ch*')).toEqual({ error: expect.stringMatching(/^'ch\*' is not a function name/) });
    expect(parseGrantEntries('functions', Array.from({ length: 101 }, (_, i) => `f${i}`).join(' '))).toEqual({ error: 'at most 100 at a time' });
  });

  it('says what an add changes, and builds the grant and revoke bodies', () => {
    expect(notGrantedYet(['shop'], ['shop', 'ops'])).toEqual(['ops']);
    expect(grantBody('namespaces', ['ops'])).toEqual({ namespaces: ['ops'] });
    expect(grantBody('functions', ['charge'], true)).toEqual({ functions: ['charge'], revoke: true });
  });

  it('sums the grants up in one line for the list', () => {
    expect(grantsSummary({ namespaces: [], functions: [] })).toBe('');
    expect(grantsSummary({ namespaces: ['ops', '*'], functions: ['charge'] })).toBe('namespaces: ops, *; functions: charge');
    expect(grantsSummary({ namespaces: [], functions: ['*'] })).toBe('functions: *');
  });
});
