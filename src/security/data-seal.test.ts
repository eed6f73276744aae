import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/index.js';
import type { JournalEntry } from '../contracts/index.js';
import type { CloudEvent } from '../ports/index.js';
import { DataKeys } from './data-keys.js';
import { DataSeal, SEALED } from './data-seal.js';
import { generateMasterKey, masterKeysFromEnv } from './master-keys.js';
import { sealedDeliveryQueue, sealedEventLog } from './sealed-event-log.js';
import { sealedRunStore } from './sealed-run-store.js';
import { Vault } from './vault.js';

const K1 = generateMasterKey();
const K2 = generateMasterKey();
const keys = (current: string, previous?: string) => masterKeysFromEnv({ WEFT_MASTER_KEY: current, ...(previous ? { WEFT_MASTER_KEY_PREVIOUS: previous } : {}) });
const TOKEN = 'tok_secret_value_123';

async function setup(master = keys(K1), mem = new MemoryStore()) {
  const dataKeys = new DataKeys(mem.secrets, master, () => 1);
  await dataKeys.load();
  const seal = new DataSeal({ keys: dataKeys, needles: () => [TOKEN] });
  return { mem, dataKeys, seal, runs: sealedRunStore(mem, seal) };
}

const run = (id: string, input: unknown) => ({ id, namespace: 'ns', name: 'w', version: '1', definition: {}, input, status: 'running', createdAt: 1 }) as never;

describe('DataSeal', () => {
  it('seals only what holds a secret value, and opens it back as it was', async () => {
    const { seal } = await setup();
    expect(seal.seal({ a: 1, b: 'plain' }, 'run:1')).toEqual({ a: 1, b: 'plain' });
    const sealed = seal.seal({ copied: `Bearer ${TOKEN}` }, 'run:1');
    expect(Object.keys(sealed as object)).toEqual([SEALED]);
    expect(JSON.stringify(sealed)).not.toContain(TOKEN);
    expect(await seal.open(sealed, 'run:1')).toEqual({ copied: `Bearer ${TOKEN}` });
    // In an object key too.
    expect(JSON.stringify(seal.seal({ [TOKEN]: 1 }, 'run:1'))).not.toContain(TOKEN);
  });

  it('binds sealed data to its place: moved to another run, it does not open', async () => {
    const { seal } = await setup();
    const sealed = seal.seal([TOKEN], 'run:1');
    await expect(seal.open(sealed, 'run:2')).rejects.toMatchObject({ code: 'WEFT_ERR_VAULT_CORRUPT' });
  });

  it('gives back a caller value that only looks sealed as it was given', async () => {
    const { seal } = await setup();
    const lookalike = { [SEALED]: 'ws1.1.AAAA' };
    const stored = seal.seal(lookalike, 'run:1');
    expect(stored).not.toEqual(lookalike);
    expect(await seal.open(stored, 'run:1')).toEqual(lookalike);
  });

  it('stores as given without a master key', async () => {
    const mem = new MemoryStore();
    const dataKeys = new DataKeys(mem.secrets, undefined, () => 1);
    await dataKeys.load();
    const seal = new DataSeal({ keys: dataKeys, needles: () => [TOKEN] });
    expect(seal.enabled).toBe(false);
    expect(seal.seal({ t: TOKEN }, 'run:1')).toEqual({ t: TOKEN });
  });
});

describe('sealedRunStore', () => {
  it('keeps run inputs, journal payloads, outputs and errors holding a secret sealed in the store, and reads them back opened', async () => {
    const { mem, runs } = await setup();
    await runs.createRun(run('r1', { token: TOKEN }), { kind: 'started', at: 1, input: { token: TOKEN } });
    const entries: JournalEntry[] = [
      { kind: 'resolved', at: 2, key: 'k1', value: { echoed: TOKEN } },
      { kind: 'resolved', at: 3, key: 'k2', value: { plain: true } },
      { kind: 'failed', at: 4, key: 'k3', error: { type: 'x', title: 't', status: 500, detail: `bad ${TOKEN}` } },
      { kind: 'completed', at: 5, output: { out: TOKEN } },
    ];
    await runs.append('r1', entries as never);
    const raw = JSON.stringify([await mem.getRun('r1'), await mem.journal('r1')]);
    expect(raw).not.toContain(TOKEN);
    expect(raw).toContain('{"plain":true}');
    expect(await runs.journal('r1')).toEqual([{ kind: 'started', at: 1, input: { token: TOKEN } }, ...entries]);
    expect(await runs.getRun('r1')).toMatchObject({ input: { token: TOKEN }, output: { out: TOKEN }, status: 'completed' });
    expect((await runs.listRuns({}))[0]).toMatchObject({ input: { token: TOKEN }, output: { out: TOKEN } });
  });

  it('reads what was sealed after the master key changed and rekey re-wrapped the data key', async () => {
    const { mem, runs } = await setup(keys(K1));
    await runs.createRun(run('r1', { token: TOKEN }), { kind: 'started', at: 1, input: { token: TOKEN } });
    const vault = new Vault({ store: mem.secrets, keys: keys(K2, K1), now: () => 2 });
    await vault.open();
    expect((await vault.rekey()).rewrapped).toBe(1);
    expect(await vault.list()).toEqual([]);
    const after = await setup(keys(K2), mem);
    expect((await after.runs.getRun('r1'))?.input).toEqual({ token: TOKEN });
  });
});

describe('sealedEventLog', () => {
  it('seals event data holding a secret, routes the event as emitted, and opens it for reads and deliveries', async () => {
    const { mem, seal } = await setup();
    const log = sealedEventLog(mem.events, seal);
    const routed: unknown[] = [];
    const event: CloudEvent = { specversion: '1.0', id: 'e1', source: 'https://t', type: 't.leaked', data: { token: TOKEN } };
    await log.append([event], 1, (e) => {
      routed.push(e.data);
      return ['sub'];
    });
    expect(routed).toEqual([{ token: TOKEN }]);
    expect(JSON.stringify(await mem.events.list({}))).not.toContain(TOKEN);
    expect((await log.list({}))[0]?.event.data).toEqual({ token: TOKEN });
    const queue = sealedDeliveryQueue(mem.deliveries, seal);
    const [d] = await queue.claim(1, 10, 1000);
    expect(d?.event.event.data).toEqual({ token: TOKEN });
    await queue.settle(d!.id, { status: 'dead', error: { message: `refused ${TOKEN}` } }, 2);
    expect(JSON.stringify(await mem.deliveries.dead())).not.toContain(TOKEN);
  });
});
