import { describe, expect, it } from 'vitest';
import { Hooks } from '../platform/index.js';
import { Grants } from '../security/index.js';
import type { FunctionVersion } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import { functionSecretPlace, functionSecrets, warnOfUnseenSecrets, webhookVerified, workflowSecrets } from './namespace-grants.js';

/** A vault that holds nothing and records what it was asked (who read, which function version). */
function vault() {
  const asked: unknown[][] = [];
  return {
    asked,
    forRun: (namespace: string, declared: readonly string[], reader?: string): Record<string, Json> => (asked.push(['run', namespace, declared, reader]), {}),
    forFunction: (fn: string, declared: readonly string[], version?: string): Record<string, Json> => (asked.push(['function', fn, declared, version]), {}),
    readWithPrevious: () => [],
    holder: (namespace: string, name: string) => (name === 'GRANTED' ? 'ops' : namespace === 'shop' ? namespace : undefined),
    noteWebhook: (namespace: string, name: string, which: number, reader: string) => void asked.push(['webhook', namespace, name, which, reader]),
  };
}

const env = { TOKEN: 'env-token', OTHER: 'env-other' };

describe('functionSecrets: environment secrets by explicit mapping', () => {
  it('places manifest entries: NAME in namespace default, ns/NAME in ns', () => {
    expect(functionSecretPlace('TOKEN')).toEqual({ namespace: 'default', name: 'TOKEN' });
    expect(functionSecretPlace('shop/TOKEN')).toEqual({ namespace: 'shop', name: 'TOKEN' });
  });

  it('gives WEFT_SECRET_<NAME> only through an entry whose namespace WEFT_SECRET_GRANTS maps NAME into', () => {
    const grants = Grants.fromEnv({ WEFT_SECRET_GRANTS: 'TOKEN=shop,OTHER=default' }, 'none');
    const s = functionSecrets(grants, env, vault());
    expect(s.forFunction!('f', ['TOKEN', 'shop/TOKEN', 'ops/TOKEN', 'OTHER', 'shop/OTHER', 'MISSING', 'shop/MISSING'], '1.0.0')).toEqual({ 'shop/TOKEN': 'env-token', OTHER: 'env-other' });
  });

  it("serve's default (no mapping) gives functions no environment secret; dev's (all) gives what the manifest lists", () => {
    expect(functionSecrets(Grants.fromEnv({}, 'none'), env, vault()).forFunction!('f', ['TOKEN', 'shop/TOKEN'])).toEqual({});
    expect(functionSecrets(Grants.fromEnv({}, 'all'), env, vault()).forFunction!('f', ['TOKEN', 'shop/OTHER'])).toEqual({ TOKEN: 'env-token', 'shop/OTHER': 'env-other' });
    // An explicit empty mapping is nothing, even in dev.
    expect(functionSecrets(Grants.fromEnv({ WEFT_SECRET_GRANTS: '' }, 'all'), env, vault()).forFunction!('f', ['TOKEN'])).toEqual({});
  });

  it('passes the function version on, so the vault notes who read', () => {
    const v = vault();
    functionSecrets(Grants.fromEnv({}, 'none'), env, v).forFunction!('charge', ['shop/TOKEN'], '2.1.0');
    expect(v.asked).toEqual([['function', 'charge', ['shop/TOKEN'], '2.1.0']]);
  });
});

describe('workflowSecrets: who reads', () => {
  const run = { namespace: 'shop', definition: { document: { dsl: '1.0.0', namespace: 'shop', name: 'order', version: '1.2.0' }, use: { secrets: ['TOKEN'] } } as Record<string, Json> };

  it('names the workflow (namespace/name:version) to the vault; a view (note: false) names nobody', () => {
    const v = vault();
    workflowSecrets(Grants.fromEnv({}, 'all'), env, v).all(run);
    workflowSecrets(Grants.fromEnv({}, 'all'), env, v, { note: false }).all(run);
    expect(v.asked).toEqual([
      ['run', 'shop', ['TOKEN'], 'shop/order:1.2.0'],
      ['run', 'shop', ['TOKEN'], undefined],
    ]);
  });
});

describe('webhookVerified: which value a webhook verified with', () => {
  it('names the vault namespace the secret was read from (the workflow\'s, one granting it, default for a function) and the key', () => {
    const v = vault();
    const note = webhookVerified(v);
    const hook = (target: object, secret?: string) => ({ path: 'in', owner: 'x', target, ...(secret ? { secret } : {}) }) as never;
    note(hook({ workflow: { namespace: 'shop', name: 'w' } }, 'KEY'), 1);
    note(hook({ workflow: { namespace: 'billing', name: 'w' } }, 'GRANTED'), 0);
    note(hook({ function: { name: 'f' } }, 'KEY'), 0);
    note(hook({ function: { name: 'f' } }), 0);
    expect(v.asked).toEqual([
      ['webhook', 'shop', 'KEY', 1, 'hooks/in'],
      ['webhook', 'ops', 'GRANTED', 0, 'hooks/in'],
      ['webhook', 'default', 'KEY', 0, 'hooks/in'],
    ]);
  });
});

describe('warnOfUnseenSecrets: workflows', () => {
  it('warns of declared secrets neither the vault holds for the namespace nor the environment maps into it', async () => {
    const hooks = new Hooks();
    const warnings: string[] = [];
    const vault = { forFunction: () => ({}), holder: (ns: string, name: string) => (ns === 'shop' && name === 'HELD' ? 'shop' : undefined) };
    warnOfUnseenSecrets(hooks, Grants.fromEnv({ WEFT_SECRET_GRANTS: 'TOKEN=shop' }, 'none'), env, (m) => warnings.push(m), vault);
    const record = (secrets: string[]) => ({ namespace: 'shop', name: 'flow', version: '1.0.0', definition: { document: { dsl: '1.0.0', namespace: 'shop', name: 'flow', version: '1.0.0' }, use: { secrets }, do: [] } }) as never;
    await hooks.emitAndWait('workflow.registered', record(['HELD', 'TOKEN']));
    expect(warnings).toEqual([]);
    await hooks.emitAndWait('workflow.registered', record(['HELD', 'NOPE']));
    expect(warnings).toEqual([expect.stringMatching(/^workflow shop\/flow:1\.0\.0 declares secret NOPE that namespace shop is not granted or that is not set \(in the vault, or WEFT_SECRET_<NAME> with WEFT_SECRET_GRANTS\): its runs will fault/)]);
  });
});

describe('warnOfUnseenSecrets: functions', () => {
  it('warns of manifest entries the function will not read, from the environment or the vault', async () => {
    const hooks = new Hooks();
    const warnings: string[] = [];
    warnOfUnseenSecrets(hooks, Grants.fromEnv({ WEFT_SECRET_GRANTS: 'TOKEN=shop' }, 'none'), env, (m) => warnings.push(m), { forFunction: (_fn, names): Record<string, Json> => (names[0] === 'VAULTED' ? { VAULTED: 'v' } : {}), holder: () => undefined });
    const version = (secrets: string[]) => ({ name: 'charge', version: '1.0.0', manifest: { secrets } }) as unknown as FunctionVersion;
    await hooks.emitAndWait('function.deployed', version(['shop/TOKEN', 'VAULTED']));
    expect(warnings).toEqual([]);
    await hooks.emitAndWait('function.deployed', version(['shop/TOKEN', 'TOKEN', 'ops/NOPE']));
    expect(warnings).toEqual([expect.stringMatching(/^function charge:1\.0\.0 lists secrets TOKEN, ops\/NOPE that it will not read: .*WEFT_SECRET_GRANTS/)]);
  });
});
