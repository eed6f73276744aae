import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/index.js';
import { masterKeysFromEnv } from './master-keys.js';
import { RETRY_MS, RotationScheduler } from './rotation-scheduler.js';
import { VAULT_ERROR_CODES } from './vault-errors.js';
import { Vault } from './vault.js';

const DAY = 86_400_000;

function setup() {
  const store = new MemoryStore();
  const clock = { now: 1_700_000_000_000 };
  const vault = new Vault({ store: store.secrets, keys: masterKeysFromEnv({ WEFT_MASTER_KEY: Buffer.alloc(32, 9).toString('base64') }), now: () => clock.now });
  const rotated: string[] = [];
  const errors: string[] = [];
  let fail = false;
  const scheduler = (v = vault) =>
    new RotationScheduler({
      vault: v,
      claim: (key, slot, at) => store.schedules.claim(key, slot, at),
      rotate: async (namespace, name, fn) => {
        if (fail) throw new Error('provider down');
        rotated.push(`${namespace}/${name} by ${fn}`);
        await v.set(namespace, name, `rotated-${rotated.length}`, `schedule via ${fn}`);
      },
      now: () => clock.now,
      onError: (_err, context) => errors.push(context),
    });
  return { store, clock, vault, rotated, errors, scheduler, failing: (f: boolean) => (fail = f) };
}

describe('RotationScheduler', () => {
  it('rotates a secret when its slot is due, then every period after', async () => {
    const { clock, vault, rotated, scheduler } = setup();
    await vault.set('shop', 'TOKEN', 'first', 'admin');
    const r = await vault.schedule('shop', 'TOKEN', { everyMs: DAY, function: 'mint:live' });
    expect(r.rotation).toEqual({ everyMs: DAY, function: 'mint:live', nextAt: clock.now + DAY });
    const s = scheduler();
    await s.tick();
    expect(rotated).toEqual([]);
    clock.now += DAY;
    await s.tick();
    await s.tick();
    expect(rotated).toEqual(['shop/TOKEN by mint:live']);
    expect(vault.read('shop', 'TOKEN')).toBe('rotated-1');
    expect((await vault.info('shop', 'TOKEN')).rotation?.nextAt).toBe(clock.now + DAY);
    clock.now += DAY;
    await s.tick();
    expect(rotated).toHaveLength(2);
  });

  it('rotates each slot once when several nodes run it (the slot is claimed)', async () => {
    const { clock, store, vault, rotated, scheduler } = setup();
    await vault.set('shop', 'TOKEN', 'first', 'admin');
    await vault.schedule('shop', 'TOKEN', { everyMs: DAY, function: 'mint' });
    // A second node: its own vault over the same store, its cache loaded before the rotation.
    const other = new Vault({ store: store.secrets, keys: masterKeysFromEnv({ WEFT_MASTER_KEY: Buffer.alloc(32, 9).toString('base64') }), now: () => clock.now });
    await other.open();
    clock.now += DAY;
    await Promise.all([scheduler().tick(), scheduler(other).tick()]);
    expect(rotated).toEqual(['shop/TOKEN by mint']);
  });

  it('tries a failed rotation again after RETRY_MS, and says so', async () => {
    const { clock, vault, rotated, errors, scheduler, failing } = setup();
    await vault.set('shop', 'TOKEN', 'first', 'admin');
    await vault.schedule('shop', 'TOKEN', { everyMs: DAY, function: 'mint' });
    const s = scheduler();
    clock.now += DAY;
    failing(true);
    await s.tick();
    expect(errors).toEqual(['rotate secret shop/TOKEN with mint']);
    expect((await vault.info('shop', 'TOKEN')).rotation?.nextAt).toBe(clock.now + RETRY_MS);
    failing(false);
    clock.now += RETRY_MS;
    await s.tick();
    expect(rotated).toEqual(['shop/TOKEN by mint']);
  });

  it('stops when the schedule is removed; refuses a period under a minute or a bad function', async () => {
    const { clock, vault, rotated, scheduler } = setup();
    await vault.set('shop', 'TOKEN', 'first', 'admin');
    await vault.schedule('shop', 'TOKEN', { everyMs: DAY, function: 'mint' });
    expect(await vault.schedule('shop', 'TOKEN', undefined)).not.toHaveProperty('rotation');
    clock.now += 2 * DAY;
    await scheduler().tick();
    expect(rotated).toEqual([]);
    await expect(vault.schedule('shop', 'TOKEN', { everyMs: 1_000, function: 'mint' })).rejects.toMatchObject({ code: VAULT_ERROR_CODES.invalid });
    await expect(vault.schedule('shop', 'TOKEN', { everyMs: DAY, function: 'Not A Function' })).rejects.toMatchObject({ code: VAULT_ERROR_CODES.invalid });
    await expect(vault.schedule('shop', 'NOPE', { everyMs: DAY, function: 'mint' })).rejects.toMatchObject({ code: VAULT_ERROR_CODES.notFound });
  });
});
