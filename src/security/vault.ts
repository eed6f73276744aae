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
 */
import type { SecretRecord, SecretStore, SecretVersionRecord } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import { type Place, seal, unseal, unwrapKey, wrapKey } from './envelope.js';
import { SYSTEM_NAMESPACE } from './data-keys.js';
import type { MasterKey, MasterKeys } from './master-keys.js';
import { VAULT_ERROR_CODES, VaultError, vaultError } from './vault-errors.js';

/** As a function manifest's `secrets` and the DSL's `use.secrets` name them. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
/** The DSL's namespace pattern. */
const NAMESPACE = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const FUNCTION_NAME = /^(\*|[a-z][a-z0-9-]{0,62})$/;
/** A value is small: a token, a password, a key pair, a service account. */
export const MAX_SECRET_BYTES = 64 * 1024;
/** How long the version before a new one stays readable by default: clients holding it have time to move on. */
export const DEFAULT_OVERLAP_MS = 60 * 60_000;
const MAX_OVERLAP_MS = 30 * 86_400_000;
const MIN_ROTATION_MS = 60_000;
const MAX_ROTATION_MS = 366 * 86_400_000;
const ALL = '*';

export interface VaultOptions {
  store: SecretStore;
  /** Undefined: no master key configured; the vault refuses writes and holds nothing. */
  keys: MasterKeys | undefined;
  now: () => number;
  /** Told after every change this process makes (so other nodes refresh). */
  onChange?: () => void;
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

  constructor(private readonly o: VaultOptions) {}

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
    this.cache = next;
    this.changes++;
  }

  /** Stores `value` as the secret's next version (version 1 creates it); the version before stays readable for the overlap. */
  async set(namespace: string, name: string, value: Json, by: string, opts: SetOptions = {}): Promise<SecretRecord> {
    checkPlace(namespace, name);
    const text = JSON.stringify(value);
    if (text === undefined || (typeof value !== 'string' && (value === null || typeof value !== 'object' || Array.isArray(value)))) {
      throw vaultError(VAULT_ERROR_CODES.invalid, 'a secret value is a string or a JSON object (e.g. {"username": …, "password": …})');
    }
    if (typeof value === 'string' && value === '') throw vaultError(VAULT_ERROR_CODES.invalid, 'a secret value cannot be empty');
    if (Buffer.byteLength(text) > MAX_SECRET_BYTES) throw vaultError(VAULT_ERROR_CODES.invalid, `a secret value is at most ${MAX_SECRET_BYTES} bytes as JSON, this one is ${Buffer.byteLength(text)}`);
    const overlapMs = opts.overlapMs ?? DEFAULT_OVERLAP_MS;
    if (!Number.isSafeInteger(overlapMs) || overlapMs < 0 || overlapMs > MAX_OVERLAP_MS) throw vaultError(VAULT_ERROR_CODES.invalid, `the overlap is 0 to ${MAX_OVERLAP_MS / 86_400_000} days, in milliseconds`);
    if (opts.description !== undefined && (typeof opts.description !== 'string' || opts.description.length > 1000)) throw vaultError(VAULT_ERROR_CODES.invalid, 'a description is a string of at most 1000 characters');
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
    this.changes++;
    this.o.onChange?.();
  }

  /** Adds (or, with `revoke`, removes) who else may read the secret: other namespaces' workflows, functions. */
  async grant(namespace: string, name: string, change: GrantChange, revoke = false): Promise<SecretRecord> {
    for (const ns of change.namespaces ?? []) if (ns !== ALL && !NAMESPACE.test(ns)) throw vaultError(VAULT_ERROR_CODES.invalid, `'${ns}' is not a namespace (letters, digits, '-') or '*'`);
    for (const fn of change.functions ?? []) if (!FUNCTION_NAME.test(fn)) throw vaultError(VAULT_ERROR_CODES.invalid, `'${fn}' is not a function name or '*'`);
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
      if (!Number.isSafeInteger(rotation.everyMs) || rotation.everyMs < MIN_ROTATION_MS || rotation.everyMs > MAX_ROTATION_MS) {
        throw vaultError(VAULT_ERROR_CODES.invalid, `a rotation schedule is every ${MIN_ROTATION_MS / 60_000} minute(s) to ${MAX_ROTATION_MS / 86_400_000} days`);
      }
      if (!/^[a-z][a-z0-9-]{0,62}(:[A-Za-z0-9._-]{1,64})?$/.test(rotation.function)) throw vaultError(VAULT_ERROR_CODES.invalid, `'${rotation.function}' is not a function (name[:version|alias])`);
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
   * grants it (the first such namespace in order, so the answer is stable).
   */
  forRun(namespace: string, declared: readonly string[]): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const name of declared) {
      const holder = this.holder(namespace, name);
      if (holder !== undefined) out[name] = this.cache.get(keyOf(holder, name))!.value;
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
   * `namespace/NAME`) whose secret grants this function, by the entry as written.
   */
  forFunction(fn: string, declared: readonly string[]): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const entry of declared) {
      const slash = entry.indexOf('/');
      const c = this.cache.get(slash < 0 ? keyOf('default', entry) : keyOf(entry.slice(0, slash), entry.slice(slash + 1)));
      if (c && (c.record.grants.functions.includes(fn) || c.record.grants.functions.includes(ALL))) out[entry] = c.value;
    }
    return out;
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

function checkPlace(namespace: string, name: string): void {
  if (!NAMESPACE.test(namespace)) throw vaultError(VAULT_ERROR_CODES.invalid, `'${namespace}' is not a namespace (letters, digits, '-', at most 63)`);
  if (!SECRET_NAME.test(name)) throw vaultError(VAULT_ERROR_CODES.invalid, `'${name}' is not a secret name (a letter or '_', then letters, digits, '_', '.', '-', at most 128)`);
}

const notFound = (namespace: string, name: string): VaultError => vaultError(VAULT_ERROR_CODES.notFound, `there is no secret ${name} in namespace ${namespace}`);
