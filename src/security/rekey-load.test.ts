/**
 * "Rekey under load loses nothing": on SQLite and PostgreSQL, secrets keep getting new versions and runs
 * keep journaling sealed data while `rekey` moves every data key from the old master key to the new one;
 * afterwards the new key alone opens everything — every secret's current value, the data key, and every
 * run's sealed journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStore, SqliteStore } from '../store/index.js';
import { TestSchemas } from '../store/postgres/test-database.js';
import { DataKeys } from './data-keys.js';
import { DataSeal } from './data-seal.js';
import { generateMasterKey, masterKeysFromEnv } from './master-keys.js';
import { sealedRunStore } from './sealed-run-store.js';
import { Vault } from './vault.js';

const K1 = generateMasterKey();
const K2 = generateMasterKey();
const keys = (current: string, previous?: string) => masterKeysFromEnv({ WEFT_MASTER_KEY: current, ...(previous ? { WEFT_MASTER_KEY_PREVIOUS: previous } : {}) });
const SECRETS = 12;
const schemas = new TestSchemas();
const dirs: string[] = [];
afterAll(async () => {
  await schemas.dropAll();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const stores: [string, () => Promise<SqliteStore | PostgresStore>][] = [
  ['SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-rekey-'));
    dirs.push(dir);
    return SqliteStore.open(join(dir, 'w.db'));
  }],
  ['PostgreSQL', () => schemas.open()],
];

describe.each(stores)('rekey under load on %s', (_name, open) => {
  it('loses no version, no data key and no sealed run data', async () => {
    const store = await open();
    try {
      const value = (s: number, v: number) => `value-${s}-${v}-${'x'.repeat(12)}`;
      const old = new Vault({ store: store.secrets, keys: keys(K1), now: () => Date.now() });
      await old.open();
      for (let s = 0; s < SECRETS; s++) for (let v = 1; v <= 5; v++) await old.set('load', `S${s}`, value(s, v), 'test', { overlapMs: 0 });
      // A secret nobody changes meanwhile: what the runs journal during the rekey.
      const FIXED = 'fixed-value-0123456789';
      await old.set('load', 'FIXED', FIXED, 'test');
      const oldKeys = new DataKeys(store.secrets, keys(K1), () => Date.now());
      await oldKeys.load();
      const needles = () => old.values().map(String);
      const runsBefore = sealedRunStore(store, new DataSeal({ keys: oldKeys, needles }));
      for (let r = 0; r < 20; r++) await runsBefore.createRun(run(`r${r}`, { v: value(r % SECRETS, 5) }), { kind: 'started', at: 1, input: { v: value(r % SECRETS, 5) } });

      // The switch: new key current, old one previous; writers and runs go on while rekey runs.
      const vault = new Vault({ store: store.secrets, keys: keys(K2, K1), now: () => Date.now() });
      await vault.open();
      const dataKeys = new DataKeys(store.secrets, keys(K2, K1), () => Date.now());
      await dataKeys.load();
      const runs = sealedRunStore(store, new DataSeal({ keys: dataKeys, needles: () => vault.values().map(String) }));
      let writes = 0;
      const writer = async (s: number) => {
        for (let v = 6; v <= 10; v++, writes++) await vault.set('load', `S${s}`, value(s, v), 'test', { overlapMs: 0 });
      };
      const journaling = async () => {
        for (let r = 0; r < 20; r++) await runs.append(`r${r}`, [{ kind: 'resolved', at: 2, key: 'k', value: { again: `${r}:${FIXED}` } }]);
      };
      const [rekeyed] = await Promise.all([vault.rekey(), ...Array.from({ length: SECRETS }, (_, s) => writer(s)), journaling()]);
      expect(writes).toBe(SECRETS * 5);
      // Every data key wrapped under K1 was moved: the 60 versions, FIXED's and the platform's data key.
      expect(rekeyed.rewrapped).toBe(SECRETS * 5 + 2);
      expect(await store.secrets.keyIds()).toEqual([vault.masterKeyIds.current]);

      // The new key alone.
      const after = new Vault({ store: store.secrets, keys: keys(K2), now: () => Date.now() });
      await after.open();
      for (let s = 0; s < SECRETS; s++) expect(after.read('load', `S${s}`)).toBe(value(s, 10));
      const newKeys = new DataKeys(store.secrets, keys(K2), () => Date.now());
      await newKeys.load();
      const reader = sealedRunStore(store, new DataSeal({ keys: newKeys, needles: () => [] }));
      for (let r = 0; r < 20; r++) {
        const journal = await reader.journal(`r${r}`);
        expect(journal.map((e) => (e.kind === 'started' ? e.input : e.kind === 'resolved' ? e.value : null))).toEqual([{ v: value(r % SECRETS, 5) }, { again: `${r}:${FIXED}` }]);
      }
      expect(after.read('load', 'FIXED')).toBe(FIXED);
      // And in the database they are sealed.
      for (let r = 0; r < 20; r++) expect(JSON.stringify(await store.journal(`r${r}`))).not.toMatch(/value-|fixed-/);
    } finally {
      await store.close();
    }
  }, 60_000);
});

function run(id: string, input: unknown) {
  return { id, namespace: 'load', name: 'w', version: '1', definition: {}, input, status: 'running', createdAt: 1 } as never;
}
