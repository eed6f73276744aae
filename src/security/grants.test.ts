import { describe, expect, it } from 'vitest';
import { WorkflowError } from '../contracts/index.js';
import { GrantSyntaxError } from './errors.js';
import { Grants, declaredSecrets, parseRunGrants, parseSecretGrants } from './grants.js';

const values = { A: 'a-value', B: 'b-value', STRIPE_KEY: 'sk', SLACK_TOKEN: 'xoxb' };

describe('WEFT_SECRET_GRANTS', () => {
  it('parses secret=namespaces entries, merging repeats and ignoring blanks and spaces', () => {
    const t = parseSecretGrants(' STRIPE_KEY=shop|billing , SLACK_TOKEN=*,, STRIPE_KEY = ops ');
    expect([...t.get('STRIPE_KEY')!]).toEqual(['shop', 'billing', 'ops']);
    expect([...t.get('SLACK_TOKEN')!]).toEqual(['*']);
  });

  it.each(['STRIPE_KEY', '=shop', 'A=', 'A=shop|', 'A-B=shop', 'A=sh op', 'A=-shop', 'A=b=c', 'A=shop/x'])('refuses %j', (text) => {
    expect(() => parseSecretGrants(text)).toThrow(GrantSyntaxError);
    try {
      parseSecretGrants(text);
    } catch (err) {
      expect(err).toMatchObject({ code: 'WEFT_ERR_GRANTS_SYNTAX', status: 400 });
    }
  });

  it('a run sees what its document declares AND its namespace is granted AND has a value', () => {
    const g = Grants.fromEnv({ WEFT_SECRET_GRANTS: 'A=a,B=*,*=ops,GHOST=a' }, 'none');
    expect(g.secretsFor('a', ['A', 'B', 'GHOST'], values)).toEqual({ A: 'a-value', B: 'b-value' });
    expect(g.secretsFor('a', ['B'], values)).toEqual({ B: 'b-value' });
    expect(g.secretsFor('b', ['A', 'B'], values)).toEqual({ B: 'b-value' });
    expect(g.secretsFor('a', [], values)).toEqual({});
    // `*=ops`: every secret for namespace ops, still only the declared ones.
    expect(g.secretsFor('ops', ['A', 'STRIPE_KEY'], values)).toEqual({ A: 'a-value', STRIPE_KEY: 'sk' });
    // Names that are properties of every object are not secrets.
    expect(g.secretsFor('ops', ['toString', '__proto__'], values)).toEqual({});
  });

  it('unset: everything for one user, nothing on a shared server; set but empty: nothing', () => {
    expect(Grants.fromEnv({}, 'all').secretsFor('any', ['A'], values)).toEqual({ A: 'a-value' });
    expect(Grants.fromEnv({}, 'none').secretsFor('any', ['A'], values)).toEqual({});
    expect(Grants.fromEnv({ WEFT_SECRET_GRANTS: '' }, 'all').secretsFor('any', ['A'], values)).toEqual({});
    expect(Grants.fromEnv({}, 'all').configured).toEqual({ secrets: false, runs: false });
  });
});

describe('WEFT_RUN_GRANTS', () => {
  it('parses from->namespaces entries (namespaces may hold dashes)', () => {
    const t = parseRunGrants('shop->billing|audit, my-ops -> * ,*->shared');
    expect([...t.get('shop')!]).toEqual(['billing', 'audit']);
    expect([...t.get('my-ops')!]).toEqual(['*']);
    expect([...t.get('*')!]).toEqual(['shared']);
  });

  it.each(['shop', 'shop->', '->billing', 'shop=>billing', 'sh op->b', 'shop->bil ling', 'shop->a|'])('refuses %j', (text) => {
    expect(() => parseRunGrants(text)).toThrow(/WEFT_RUN_GRANTS/);
  });

  it('a run may start workflows of its own namespace, and of others only when granted', () => {
    const g = Grants.fromEnv({ WEFT_RUN_GRANTS: 'shop->billing,my-ops->*,*->shared' }, 'none');
    expect(g.mayStart('b', 'b')).toBe(true);
    expect(g.mayStart('b', 'a')).toBe(false);
    expect(g.mayStart('shop', 'billing')).toBe(true);
    expect(g.mayStart('billing', 'shop')).toBe(false);
    expect(g.mayStart('my-ops', 'anything')).toBe(true);
    expect(g.mayStart('b', 'shared')).toBe(true);
    expect(Grants.fromEnv({}, 'none').mayStart('b', 'a')).toBe(false);
    expect(Grants.fromEnv({}, 'all').mayStart('b', 'a')).toBe(true);
  });

  it('a forbidden start is an authorization workflow error (403, WEFT_ERR_RUN_FORBIDDEN)', () => {
    const g = Grants.fromEnv({}, 'none');
    expect(() => g.checkStart('a', 'a', 'a/x:latest')).not.toThrow();
    let err: unknown;
    try {
      g.checkStart('b', 'a', 'a/x:latest');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WorkflowError);
    expect((err as WorkflowError).problem).toMatchObject({
      type: 'https://serverlessworkflow.io/spec/1.0.0/errors/authorization',
      status: 403,
      code: 'WEFT_ERR_RUN_FORBIDDEN',
      detail: expect.stringContaining('a/x:latest'),
    });
  });
});

describe('declaredSecrets and describe', () => {
  it('reads use.secrets, keeping strings only', () => {
    expect(declaredSecrets({ use: { secrets: ['A', 3, 'B'] } } as never)).toEqual(['A', 'B']);
    expect(declaredSecrets({})).toEqual([]);
    expect(declaredSecrets({ use: { secrets: 'A' } })).toEqual([]);
    expect(declaredSecrets({ use: [] })).toEqual([]);
  });

  it('counts the secrets that use.authentications policies use as declared', () => {
    const use = { secrets: ['A'], authentications: { db: { basic: { use: 'DB' } }, api: { bearer: { use: 'A' } }, inline: { bearer: { token: 'x' } }, odd: 'x' } };
    expect(declaredSecrets({ use } as never)).toEqual(['A', 'DB']);
  });

  it('says what is granted, for the start message', () => {
    expect(Grants.fromEnv({}, 'none').describe()).toEqual([
      'secrets: no namespace grants (WEFT_SECRET_GRANTS); workflows and functions see no WEFT_SECRET_* (vault secrets follow their own grants)',
      "run: workflow starts workflows of the run's own namespace only (no WEFT_RUN_GRANTS)",
    ]);
    expect(Grants.fromEnv({}, 'all').describe().join('\n')).toMatch(/every WEFT_SECRET_\* is granted to every namespace[\s\S]*any namespace/);
    expect(Grants.fromEnv({ WEFT_SECRET_GRANTS: 'A=a|b', WEFT_RUN_GRANTS: 'b->a' }, 'none').describe()).toEqual([
      'secrets: granted A=a|b (WEFT_SECRET_GRANTS); a workflow of the namespace sees those its use.secrets declares, a function those its manifest lists as <namespace>/<NAME> (NAME alone: namespace default)',
      "run: workflow starts workflows of the run's own namespace and b->a (WEFT_RUN_GRANTS)",
    ]);
  });
});
