/**
 * The vault's master keys for a command: WEFT_MASTER_KEY (or its _FILE) when set — what production uses.
 * Without it, a local SQLite database gets a development key in a file beside it (`master.key`, mode
 * 0600, git-ignored with `.weft/`): `weft dev` creates it on first start, other commands use it when it
 * is there, so a laptop needs no setup and the key is still never stored in the database. PostgreSQL and
 * in-memory databases never get one: a shared database's key is the operator's to set.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type MasterKeys, generateMasterKey, masterKeysFromEnv, parseMasterKey } from '../security/index.js';

export const DEV_KEY_FILE = 'master.key';

export function devKeyPath(db: string): string | undefined {
  return db === ':memory:' || /^postgres(ql)?:\/\//i.test(db) ? undefined : join(dirname(db), DEV_KEY_FILE);
}

/** The configured master keys, else the development key file beside `db` (created when `create`); undefined when neither. */
export function masterKeysFor(env: NodeJS.ProcessEnv, db: string, o: { create?: boolean; onCreated?: (path: string) => void } = {}): MasterKeys | undefined {
  const configured = masterKeysFromEnv(env);
  if (configured) return configured;
  const path = devKeyPath(db);
  if (!path) return undefined;
  if (!existsSync(path)) {
    if (!o.create) return undefined;
    // Before the database: its folder may not exist yet.
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${generateMasterKey()}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    o.onCreated?.(path);
  }
  return { current: parseMasterKey(readFileSync(path, 'utf8'), path) };
}
