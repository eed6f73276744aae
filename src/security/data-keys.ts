/**
 * The platform's data keys: what run data holding a secret is sealed with in the journal, the run
 * records and the event log (sealed-run-store.ts, sealed-event-log.ts). A data key is kept like a secret
 * version — namespace `_weft` (no user namespace can have that name), name `data-key` — so it is wrapped
 * by the master key, checked at start-up with the others, and re-wrapped by `weft secrets rekey`: a
 * master key change never rewrites a journal. Sealed form: `ws1.<data key version>.<base64 iv‖tag‖ciphertext>`.
 */
import { randomBytes } from 'node:crypto';
import type { SecretStore, SecretVersionRecord } from '../ports/index.js';
import { openWith, sealWith, seal, unseal, unwrapKey, wrapKey } from './envelope.js';
import type { MasterKeys } from './master-keys.js';
import { VAULT_ERROR_CODES, vaultError } from './vault-errors.js';

/** The vault's own namespace: not a valid user namespace (they start with a letter or digit). */
export const SYSTEM_NAMESPACE = '_weft';
const NAME = 'data-key';
const PREFIX = 'ws1.';

export class DataKeys {
  private keys = new Map<number, Buffer>();
  private current = 0;

  constructor(
    private readonly store: SecretStore,
    private readonly master: MasterKeys | undefined,
    private readonly now: () => number,
  ) {}

  /** Whether run data can be sealed (a master key is configured and the data key loaded). */
  get enabled(): boolean {
    return this.current > 0;
  }

  /** Loads the data keys, making the first one when there is none (another node making it too is fine: the store's compare-and-set picks one). */
  async load(): Promise<void> {
    if (!this.master) return;
    for (let attempt = 0; attempt < 3; attempt++) {
      const versions = await this.store.versions(SYSTEM_NAMESPACE, NAME);
      if (versions.length) {
        for (const v of versions) if (!this.keys.has(v.version)) this.keys.set(v.version, this.unwrap(v));
        this.current = versions[0]!.version;
        return;
      }
      try {
        await this.create();
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'WEFT_ERR_STORE_CONFLICT') throw err;
      }
    }
  }

  /** `plain` sealed under the current data key, bound to `context` (a run id, an event's source and id). */
  seal(plain: string, context: string): string {
    const key = this.keys.get(this.current);
    if (!key) throw vaultError(VAULT_ERROR_CODES.noMasterKey, 'run data holding a secret cannot be sealed without a master key');
    return `${PREFIX}${this.current}.${sealWith(key, plain, context)}`;
  }

  /** Whether `text` is in the sealed form. */
  static isSealed(text: unknown): text is string {
    return typeof text === 'string' && text.startsWith(PREFIX);
  }

  /** Opens what `seal` made for the same `context`; a data key made by another node since is loaded first. */
  async open(sealed: string, context: string): Promise<string> {
    const dot = sealed.indexOf('.', PREFIX.length);
    const version = Number(sealed.slice(PREFIX.length, dot));
    if (!this.keys.has(version)) await this.load();
    const key = this.keys.get(version);
    if (!key) throw vaultError(VAULT_ERROR_CODES.noMasterKey, `sealed run data of ${context} needs data key ${version}, which cannot be loaded: is WEFT_MASTER_KEY set?`);
    return openWith(key, sealed.slice(dot + 1), context);
  }

  private async create(): Promise<void> {
    const place = { namespace: SYSTEM_NAMESPACE, name: NAME, version: 1 };
    const { sealed, dataKey } = seal(randomBytes(32).toString('base64'), place);
    const now = this.now();
    const version: SecretVersionRecord = { ...place, sealed, wrappedKey: wrapKey(dataKey, this.master!.current.key, place), keyId: this.master!.current.id, createdAt: now, createdBy: 'weft' };
    dataKey.fill(0);
    const record = { namespace: SYSTEM_NAMESPACE, name: NAME, description: 'seals run data holding secrets', current: 1, grants: { namespaces: [], functions: [] }, createdAt: now, createdBy: 'weft', updatedAt: now };
    await this.store.putVersion(record, version, 0);
  }

  private unwrap(v: SecretVersionRecord): Buffer {
    const master = [this.master?.current, this.master?.previous].find((k) => k?.id === v.keyId);
    if (!master) throw vaultError(VAULT_ERROR_CODES.wrongMasterKey, `the data key (version ${v.version}) is sealed under master key ${v.keyId}, which is not configured`);
    const place = { namespace: v.namespace, name: v.name, version: v.version };
    const wrapping = unwrapKey(v.wrappedKey, master.key, place);
    try {
      return Buffer.from(unseal(v.sealed, wrapping, place), 'base64');
    } finally {
      wrapping.fill(0);
    }
  }
}
