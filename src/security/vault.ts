/**
 * The secret vault: secrets per namespace, versioned, encrypted at rest (envelope.ts under the master
 * keys of master-keys.ts), kept by a SecretStore that never sees a value or a key in clear.
 *
 * Writes go to the store (a compare-and-set on the current version) and then to this process's cache of
 * decrypted current values, which is what reads use: `$secrets` and `ctx.secrets.get` stay synchronous
 * and cost a map lookup. Other nodes are told through `onChange` (the platform's catalog.changed hook,
 * relayed over the cluster) and `refresh()` again. Values never leave through this class's views:
 * `info`, `list` and `versions` give metadata only.
 *
 * Who reads what: a run reads a secret its document declares (`use.secrets`) when its own namespace
 * holds it, or another namespace grants it to the run's namespace; a function reads what its manifest
 * lists (`NAME` for namespace `default`, or `namespace/NAME`) when the secret grants that function.
 * Handing a value out to a named reader notes the read (vault-usage.ts: who used which version).
 */
import type { SecretRecord, SecretStore, SecretUsageRecord, SecretUsageStore, SecretVersionRecord } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import { type Place, seal, unseal, unwrapKey, wrapKey } from './envelope.js';
import { SYSTEM_NAMESPACE } from './data-keys.js';
import type { MasterKey, MasterKeys } from './master-keys.js';
import { VAULT_ERROR_CODES, VaultError, vaultError } from './vault-errors.js';
import { SecretUsage } from './vault-usage.js';
import { DEFAULT_OVERLAP_MS, checkGrantChange, checkPlace, checkRotation, checkSetOptions, checkValue } from './vault-checks.js';

const ALL = '*';

export interface VaultOptions {
  store: SecretStore;
  /** Undefined: no master key configured; the vault refuses writes and holds nothing. */
  keys: MasterKeys | undefined;
  now: () => number;
  /** Told after every change this process makes (so other nodes refresh). */
  onChange?: () => void;
  /** Where who read which version is kept (vault-usage.ts); without it reads are not noted. */
  usage?: { store: SecretUsageStore; flushMs?: number; onError?: (err: unknown) => void };
  /**
   * Whether a rotation function resolves (`ref`: a version or alias): throws when it is not deployed. A
   * schedule naming one that does not is refused (it would only fail later, on a timer, unseen).
   */
  resolveFunction?: (name: string, ref: string | undefined) => Promise<unknown>;
}

export interface SetOptions {
  description?: string;
  /** How long the version it replaces stays readable (ms; default DEFAULT_OVERLAP_MS, 0: not at all). */
  overlapMs?: number;
}

export interface GrantChange {
  namespaces?: string[];
  functions?: string[];
}

interface Cached {
  record: SecretRecord;
  value: Json;
  /** The previous version's value while its overlap lasts. */
  previous?: { version: number; until: number; value: Json };
}

const keyOf = (namespace: string, name: string) => `${namespace}\u0000${name}`;

export class Vault {
  private cache = new Map<string, Cached>();
  private changes = 0;
  private readonly reads: SecretUsage | undefined;

  constructor(private readonly o: VaultOptions) {
    this.reads = o.usage && new SecretUsage({ store: o.usage.store, now: o.now, ...(o.usage.flushMs ? { flushMs: o.usage.flushMs } : {}), ...(o.usage.onError ? { onError: o.usage.onError } : {}) });
  }

  /** Whether a master key is configured (writes and reads of stored secrets need one). */
  get enabled(): boolean {
    return this.o.keys !== undefined;
  }

  /** The master key ids: the current one and, during a rekey, the previous one. */
  get masterKeyIds(): { current?: string; previous?: string } {
    return { ...(this.o.keys ? { current: this.o.keys.current.id } : {}), ...(this.o.keys?.previous ? { previous: this.o.keys.previous.id } : {}) };
  }

  /**
   * The start-up check, then the cache: every data key in the store must be wrapped by a configured
   * master key, else a wrong or lost key is said now (never garbage later).
   */
  async open(): Promise<void> {
    const inUse = await this.o.store.keyIds();
    if (inUse.length) {
      if (!this.o.keys) {
        throw vaultError(VAULT_ERROR_CODES.noMasterKey, `the database holds secrets sealed under master key ${inUse.join(', ')}, and no master key is configured: set WEFT_MASTER_KEY (or WEFT_MASTER_KEY_FILE)`);
      }
      const known = new Set([this.o.keys.current.id, this.o.keys.previous?.id]);
      const unknown = inUse.filter((id) => !known.has(id));
      if (unknown.length) {
        throw vaultError(
          VAULT_ERROR_CODES.wrongMasterKey,
          `the database holds secrets sealed under master key ${unknown.join(', ')}, but WEFT_MASTER_KEY is ${this.o.keys.current.id}${this.o.keys.previous ? ` and WEFT_MASTER_KEY_PREVIOUS ${this.o.keys.previous.id}` : ''}: a wrong key? During a rekey, set the old key as WEFT_MASTER_KEY_PREVIOUS`,
        );
      }
    }
    await this.refresh();
    this.reads?.start();
  }

  /** Writes the reads noted and not yet stored, and stops noting on a timer (the platform's shutdown). */
  async close(): Promise<void> {
    await this.reads?.close();
  }

  /**
   * Who read which version of a secret (never the value): this node's reads since its last flush are not
   * in yet (they are written every few seconds).
   */
  async usage(namespace: string, name: string): Promise<SecretUsageRecord[]> {
    await this.info(namespace, name);
    return this.o.usage ? this.o.usage.store.list(namespace, name) : [];
  }

  /** Reloads the cache from the store (after another node's change). */
  async refresh(): Promise<void> {
    if (!this.o.keys) {
      this.cache = new Map();
      return;
    }
    const next = new Map<string, Cached>();
    const now = this.o.now();
    for (const record of await this.list()) {
      const current = await this.o.store.getVersion(record.namespace, record.name, record.current);
      if (!current) continue;
      const entry: Cached = { record, value: this.decrypt(current) };
      if (record.previous && record.previous.until > now) {
        const prev = await this.o.store.getVersion(record.namespace, record.name, record.previous.version);
        if (prev) entry.previous = { version: prev.version, until: record.previous.until, value: this.decrypt(prev) };
      }
      next.set(keyOf(record.namespace, record.name), entry);
    }
    // A secret another node deleted: reads noted here must not bring its rows back after its delete.
    for (const [key, c] of this.cache) if (!next.has(key)) this.reads?.forget(c.record.namespace, c.record.name);
    this.cache = next;
    this.changes++;
  }

  /** Stores `value` as the secret's next version (version 1 creates it); the version before stays readable for the overlap. */
  async set(namespace: string, name: string, value: Json, by: string, opts: SetOptions = {}): Promise<SecretRecord> {
    checkPlace(namespace, name);
    const text = checkValue(value);
    checkSetOptions(opts);
    const overlapMs = opts.overlapMs ?? DEFAULT_OVERLAP_MS;
    const keys = this.keysOrFail();
    const before = await this.o.store.get(namespace, name);
    const now = this.o.now();
    const version = (before?.current ?? 0) + 1;
    const place: Place = { namespace, name, version };
    const { sealed, dataKey } = seal(text, place);
    const stored: SecretVersionRecord = { namespace, name, version, sealed, wrappedKey: wrapKey(dataKey, keys.current.key, place), keyId: keys.current.id, createdAt: now, createdBy: by };
    dataKey.fill(0);
    const record: SecretRecord = before
      ? { ...before, current: version, updatedAt: now, rotatedAt: now, ...(opts.description !== undefined ? { description: opts.description } : {}) }
      : { namespace, name, description: opts.description ?? '', current: version, grants: { namespaces: [], functions: [] }, createdAt: now, createdBy: by, updatedAt: now };
    if (before && overlapMs > 0) record.previous = { version: before.current, until: now + overlapMs };
    else delete record.previous;
    try {
      await this.o.store.putVersion(record, stored, before?.current ?? 0);
    } catch (err) {
      if ((err as { code?: unknown }).code === 'WEFT_ERR_STORE_CONFLICT') throw vaultError(VAULT_ERROR_CODES.conflict, `secret ${namespace}/${name} was changed at the same time; try again`, err);
      throw err;
    }
    const previous = before && record.previous ? this.cache.get(keyOf(namespace, name)) : undefined;
    this.cache.set(keyOf(namespace, name), { record, value, ...(previous && record.previous ? { previous: { ...record.previous, value: previous.value } } : {}) });
    this.changes++;
    this.o.onChange?.();
    return record;
  }

  /** A secret's metadata (never its value). */
  async info(namespace: string, name: string): Promise<SecretRecord> {
    const r = namespace === SYSTEM_NAMESPACE ? undefined : await this.o.store.get(namespace, name);
    if (!r) throw notFound(namespace, name);
    return r;
  }

  /** The secrets (of `namespace`, else all): never the platform's own data keys (data-keys.ts). */
  async list(namespace?: string): Promise<SecretRecord[]> {
    if (namespace === SYSTEM_NAMESPACE) return [];
    return (await this.o.store.list(namespace)).filter((r) => r.namespace !== SYSTEM_NAMESPACE);
  }

  /** A secret's versions, newest first: number, when, by whom, under which master key (never the value). */
  async versions(namespace: string, name: string): Promise<{ version: number; createdAt: number; createdBy: string; keyId: string }[]> {
    const versions = namespace === SYSTEM_NAMESPACE ? [] : await this.o.store.versions(namespace, name);
    if (!versions.length) throw notFound(namespace, name);
    return versions.map((v) => ({ version: v.version, createdAt: v.createdAt, createdBy: v.createdBy, keyId: v.keyId }));
  }

  async delete(namespace: string, name: string): Promise<void> {
    if (namespace === SYSTEM_NAMESPACE || !(await this.o.store.delete(namespace, name))) throw notFound(namespace, name);
    this.cache.delete(keyOf(namespace, name));
    this.reads?.forget(namespace, name);
    await this.o.usage?.store.delete(namespace, name);
    this.changes++;
    this.o.onChange?.();
  }

  /** Adds (or, with `revoke`, removes) who else may read the secret: other namespaces' workflows, functions. */
  async grant(namespace: string, name: string, change: GrantChange, revoke = false): Promise<SecretRecord> {
    checkGrantChange(change);
    const apply = (list: string[], names: string[] = []) => (revoke ? list.filter((x) => !names.includes(x)) : [...new Set([...list, ...names])].sort());
    return this.update(namespace, name, (r) => ({ ...r, grants: { namespaces: apply(r.grants.namespaces, change.namespaces), functions: apply(r.grants.functions, change.functions) }, updatedAt: this.o.now() }));
  }

  /**
   * Changes a secret's metadata: a compare-and-set on its current version, read again when a new version
   * was stored meanwhile.
   */
  private async update(namespace: string, name: string, change: (r: SecretRecord) => SecretRecord): Promise<SecretRecord> {
    let record: SecretRecord;
    for (let attempt = 1; ; attempt++) {
      record = change(await this.info(namespace, name));
      try {
        await this.o.store.putRecord(record);
        break;
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'WEFT_ERR_STORE_CONFLICT' || attempt === 3) throw err;
      }
    }
    const cached = this.cache.get(keyOf(namespace, name));
    if (cached) cached.record = record;
    this.o.onChange?.();
    return record;
  }

  /**
   * Sets (or, with `undefined`, removes) the secret's rotation schedule: every `everyMs` the rotation
   * function `fn` produces the next version, the first time `everyMs` from now.
   */
  async schedule(namespace: string, name: string, rotation: { everyMs: number; function: string } | undefined): Promise<SecretRecord> {
    if (rotation) {
      checkRotation(rotation);
      const [fn, ref] = rotation.function.split(':') as [string, string | undefined];
      try {
        await this.o.resolveFunction?.(fn, ref);
      } catch (err) {
        throw vaultError(VAULT_ERROR_CODES.rotationFunction, `rotation function ${rotation.function} is not deployed${ref === undefined ? '' : ` (no version or alias ${ref} of ${fn})`}: deploy it first`, err);
      }
    }
    return this.update(namespace, name, (r) => {
      const next: SecretRecord = { ...r, updatedAt: this.o.now() };
      if (rotation) next.rotation = { everyMs: rotation.everyMs, function: rotation.function, nextAt: this.o.now() + rotation.everyMs };
      else delete next.rotation;
      return next;
    });
  }

  /** After a scheduled rotation (or a failed one): when the next one is due. */
  async rescheduled(namespace: string, name: string, nextAt: number): Promise<void> {
    await this.update(namespace, name, (r) => (r.rotation ? { ...r, rotation: { ...r.rotation, nextAt } } : r));
  }

  /** The secrets whose scheduled rotation is due at `now`, from the cache. */
  dueRotations(now: number): SecretRecord[] {
    return [...this.cache.values()].map((c) => c.record).filter((r) => r.rotation !== undefined && r.rotation.nextAt <= now);
  }

  /**
   * Re-wraps every data key not wrapped by the current master key (during a rekey: the previous one's)
   * under the current one, a page at a time; values are not touched. Safe to run on several nodes at
   * once (each rewrap is a compare-and-set) and while the vault is in use.
   */
  async rekey(): Promise<{ rewrapped: number; masterKeyId: string }> {
    const keys = this.keysOrFail();
    let rewrapped = 0;
    for (;;) {
      const page = await this.o.store.wrappedByOther(keys.current.id, 100);
      if (!page.length) break;
      let progressed = false;
      for (const v of page) {
        const from = this.masterKey(v.keyId);
        if (!from) {
          throw vaultError(VAULT_ERROR_CODES.wrongMasterKey, `${v.namespace}/${v.name} version ${v.version} is sealed under master key ${v.keyId}, which is neither WEFT_MASTER_KEY nor WEFT_MASTER_KEY_PREVIOUS`);
        }
        const place = { namespace: v.namespace, name: v.name, version: v.version };
        const dataKey = unwrapKey(v.wrappedKey, from.key, place);
        const wrapped = wrapKey(dataKey, keys.current.key, place);
        dataKey.fill(0);
        if (await this.o.store.rewrap(v.namespace, v.name, v.version, v.keyId, wrapped, keys.current.id)) rewrapped++;
        progressed = true;
      }
      if (!progressed) break;
    }
    return { rewrapped, masterKeyId: keys.current.id };
  }

  /** Every value reads may give (current versions, and previous ones in their overlap): what redaction masks. */
  values(): Json[] {
    const now = this.o.now();
    return [...this.cache.values()].flatMap((c) => (c.previous && c.previous.until > now ? [c.value, c.previous.value] : [c.value]));
  }

  /** Bumped at every change of the cache, so that whoever derives something from `values()` knows when to again. */
  get generation(): number {
    return this.changes;
  }

  /** The current value of a secret, from the cache (undefined when there is none). */
  read(namespace: string, name: string): Json | undefined {
    return this.cache.get(keyOf(namespace, name))?.value;
  }

  /**
   * A run's `$secrets` from the vault: each declared name its namespace holds, else one another namespace
   * grants it (the first such namespace in order, so the answer is stable). With `reader` (the workflow,
   * `namespace/name:version`), each value handed out is noted as read by it.
   */
  forRun(namespace: string, declared: readonly string[], reader?: string): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const name of declared) {
      const holder = this.holder(namespace, name);
      if (holder === undefined) continue;
      const c = this.cache.get(keyOf(holder, name))!;
      out[name] = c.value;
      if (reader !== undefined) this.reads?.note(holder, name, c.record.current, 'workflow', reader);
    }
    return out;
  }

  /** The namespace whose secret `name` a run of `namespace` reads: its own, else the first (in order) that grants it. */
  holder(namespace: string, name: string): string | undefined {
    if (this.cache.has(keyOf(namespace, name))) return namespace;
    return [...this.cache.values()]
      .filter((c) => c.record.name === name && (c.record.grants.namespaces.includes(namespace) || c.record.grants.namespaces.includes(ALL)))
      .map((c) => c.record.namespace)
      .sort()[0];
  }

  /**
   * A function's secrets from the vault: each manifest entry (`NAME` in namespace `default`, or
   * `namespace/NAME`) whose secret grants this function, by the entry as written. With `version`, each
   * value handed out is noted as read by `fn:version`.
   */
  forFunction(fn: string, declared: readonly string[], version?: string): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const entry of declared) {
      const slash = entry.indexOf('/');
      const c = this.cache.get(slash < 0 ? keyOf('default', entry) : keyOf(entry.slice(0, slash), entry.slice(slash + 1)));
      if (c && (c.record.grants.functions.includes(fn) || c.record.grants.functions.includes(ALL))) {
        out[entry] = c.value;
        if (version !== undefined) this.reads?.note(c.record.namespace, c.record.name, c.record.current, 'function', `${fn}:${version}`);
      }
    }
    return out;
  }

  /**
   * A webhook verified a call with the current (`which` 0) or, in its overlap, the previous (1) value of a
   * secret, as readWithPrevious lists them: noted as read by `reader`.
   */
  noteWebhook(namespace: string, name: string, which: number, reader: string): void {
    const c = this.cache.get(keyOf(namespace, name));
    const version = which === 0 ? c?.record.current : which === 1 ? c?.previous?.version : undefined;
    if (version !== undefined) this.reads?.note(namespace, name, version, 'webhook', reader);
  }

  /** The current value and, while its overlap lasts, the previous one (a webhook accepts a signature by either). */
  readWithPrevious(namespace: string, name: string): Json[] {
    const c = this.cache.get(keyOf(namespace, name));
    if (!c) return [];
    return c.previous && c.previous.until > this.o.now() ? [c.value, c.previous.value] : [c.value];
  }

  private keysOrFail(): MasterKeys {
    if (!this.o.keys) throw vaultError(VAULT_ERROR_CODES.noMasterKey, 'the vault needs a master key: set WEFT_MASTER_KEY (make one with `weft secrets keygen`) or WEFT_MASTER_KEY_FILE');
    return this.o.keys;
  }

  private masterKey(id: string): MasterKey | undefined {
    const k = this.o.keys;
    return k?.current.id === id ? k.current : k?.previous?.id === id ? k.previous : undefined;
  }

  private decrypt(v: SecretVersionRecord): Json {
    const key = this.masterKey(v.keyId);
    if (!key) throw vaultError(VAULT_ERROR_CODES.wrongMasterKey, `${v.namespace}/${v.name} version ${v.version} is sealed under master key ${v.keyId}, which is not configured`);
    const place = { namespace: v.namespace, name: v.name, version: v.version };
    const dataKey = unwrapKey(v.wrappedKey, key.key, place);
    try {
      return JSON.parse(unseal(v.sealed, dataKey, place)) as Json;
    } finally {
      dataKey.fill(0);
    }
  }
}

const notFound = (namespace: string, name: string): VaultError => vaultError(VAULT_ERROR_CODES.notFound, `there is no secret ${name} in namespace ${namespace}`);
