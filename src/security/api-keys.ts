/**
 * API keys over the KeyStore port: issue, verify, rotate with an overlap window, revoke, and accept the
 * operator's WEFT_ADMIN_KEY. The store keeps only salted hashes; the secret is shown once, at create or
 * rotate. verify() is on every request's path, hence the in-memory cache of verified keys (key-cache.ts).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, KeyStore } from '../ports/index.js';
import type { KeyInfo } from '../platform/index.js';
import { AUTH_ERROR_CODES as CODES, authError } from './errors.js';
import { KeyCache } from './key-cache.js';
import { MAX_PRESENTED_LENGTH, type RandomBytes, formatKey, isKeyId, newKeyId, newSecret, parseKey } from './key-format.js';
import { type Scope, isRole } from './roles.js';
import { hashFast, hashSlow, matchesAny, matchesFast, sameHash } from './secret-hash.js';

/** A key as callers see it: never a hash or salt, only when a rotated-out secret stops working. */
export type ApiKeyInfo = KeyInfo;

export interface CreateKeyInput {
  name: string;
  scopes: Scope[];
  expiresAt?: number;
  createdBy: string;
}

/** A key and its secret (`wk_<id>_<secret>`), which is shown this once and stored only hashed. */
export interface IssuedKey {
  record: ApiKeyInfo;
  secret: string;
}

export interface VerifiedKey {
  key: ApiKeyInfo;
  scopes: readonly Scope[];
}

export interface ApiKeysOptions {
  now?: () => number;
  random?: RandomBytes;
  /** How long a verified key is trusted without a store read; bounds how late another node sees a revoke. 0 disables. */
  cacheTtlMs?: number;
  cacheMax?: number;
}

/** Id of a WEFT_ADMIN_KEY that is not in `wk_` form. Fixed, so changing the variable replaces the old key instead of adding one. */
export const ENV_ADMIN_ID = 'env-admin';
export const DEFAULT_OVERLAP_MS = 24 * 60 * 60 * 1000;
const ADMIN_SCOPES: Scope[] = [{ namespace: '*', role: 'admin' }];
const MAX_TEXT = 200;

export class ApiKeys {
  private readonly now: () => number;
  private readonly random: RandomBytes;
  private readonly cache: KeyCache<VerifiedKey>;
  /** Bumped by every revoke/rotate here: a verify that read the store before one must not cache what it read. */
  private epoch = 0;
  /** The non-`wk_` admin key this process was started with: SHA-256 of it and the stored hash it was checked against. */
  private envKey?: { digest: Buffer; storedHash: string };
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: KeyStore, options: ApiKeysOptions = {}) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? randomBytes;
    this.cache = new KeyCache(options.cacheTtlMs ?? 5_000, options.cacheMax ?? 10_000);
  }

  async create(input: CreateKeyInput): Promise<IssuedKey> {
    const now = this.now();
    const scopes = checkScopes(input.scopes);
    const name = checkText(input.name, 'name');
    const createdBy = checkText(input.createdBy, 'createdBy');
    if (input.expiresAt !== undefined && !(Number.isFinite(input.expiresAt) && input.expiresAt > now)) {
      throw authError(CODES.badInput, 'expiresAt must be a time (epoch ms) in the future');
    }
    return this.serial(async () => {
      const id = await this.freshId();
      const secret = newSecret(this.random);
      const salt = this.newSalt();
      const record: ApiKeyRecord = { id, name, scopes, hash: hashFast(secret, salt), salt, createdAt: now, createdBy };
      if (input.expiresAt !== undefined) record.expiresAt = input.expiresAt;
      await this.store.put(record);
      return { record: toInfo(record), secret: formatKey(id, secret) };
    });
  }

  /**
   * The key behind a presented string, or an AuthError. The secret is checked before the key's state,
   * so only a holder of the right secret learns that a key is revoked or expired.
   */
  async verify(presented: string): Promise<VerifiedKey> {
    if (typeof presented !== 'string' || presented.length === 0) throw authError(CODES.malformed, 'empty API key');
    if (presented.length > MAX_PRESENTED_LENGTH) throw authError(CODES.malformed, `API key longer than ${MAX_PRESENTED_LENGTH} characters`);
    const digest = createHash('sha256').update(presented).digest();
    const cacheKey = digest.toString('base64');
    const now = this.now();
    const hit = this.cache.get(cacheKey, now);
    if (hit) return hit;

    const epoch = this.epoch;
    const { record, previousUntil } = await this.lookup(presented, digest, now);
    if (record.revokedAt !== undefined) throw authError(CODES.revoked, `API key ${record.id} was revoked`);
    if (record.expiresAt !== undefined && now >= record.expiresAt) throw authError(CODES.expired, `API key ${record.id} has expired`);
    const key = toInfo(record);
    const result: VerifiedKey = Object.freeze({ key, scopes: key.scopes });
    if (epoch === this.epoch) {
      const freshUntil = Math.min(now + this.cache.ttlMs, record.expiresAt ?? Infinity, previousUntil ?? Infinity);
      this.cache.set(cacheKey, record.id, result, freshUntil);
    }
    return result;
  }

  /** A new secret for key `id`; the current one keeps verifying until now + overlapMs (a second rotation ends that early). */
  async rotate(id: string, options: { overlapMs?: number } = {}): Promise<IssuedKey> {
    const overlapMs = options.overlapMs ?? DEFAULT_OVERLAP_MS;
    if (!Number.isFinite(overlapMs) || overlapMs < 0) throw authError(CODES.badInput, 'overlapMs must be a finite number ≥ 0');
    return this.serial(async () => {
      const old = await this.active(id, 'rotate');
      if (!isKeyId(id)) {
        throw authError(CODES.badInput, `key ${id} comes from WEFT_ADMIN_KEY: change the variable to rotate it`);
      }
      const now = this.now();
      const secret = newSecret(this.random);
      const salt = this.newSalt();
      const record: ApiKeyRecord = { ...old, hash: hashFast(secret, salt), salt, rotatedAt: now };
      delete record.previous;
      if (overlapMs > 0) record.previous = { hash: old.hash, salt: old.salt, until: now + overlapMs };
      await this.store.put(record);
      this.invalidate(id);
      return { record: toInfo(record), secret: formatKey(id, secret) };
    });
  }

  /** Revokes key `id` at once, in this process's cache too. Revoking a revoked key changes nothing. */
  async revoke(id: string): Promise<ApiKeyInfo> {
    return this.serial(async () => {
      let record = await this.store.get(id);
      if (!record) throw authError(CODES.unknownKey, `no API key ${JSON.stringify(id)}`);
      if (record.revokedAt === undefined) {
        record = { ...record, revokedAt: this.now() };
        await this.store.put(record);
      }
      this.invalidate(id);
      return toInfo(record);
    });
  }

  async list(): Promise<ApiKeyInfo[]> {
    return (await this.store.list()).map(toInfo);
  }

  async get(id: string): Promise<ApiKeyInfo | undefined> {
    const record = await this.store.get(id);
    return record && toInfo(record);
  }

  /** Whether any key could authenticate now (`weft serve` refuses to start open when none can). */
  async hasCredentials(): Promise<boolean> {
    return (await this.store.countActive(this.now())) > 0;
  }

  /**
   * Accepts the operator's WEFT_ADMIN_KEY as an admin on `*`. A `wk_<id>_<secret>` string is stored under
   * its own id (an existing id with another secret is a WEFT_ERR_AUTH_CONFLICT); any other string under
   * `env-admin`, scrypt-hashed, replacing an earlier env key. A revoked env key stays revoked: set a new one.
   */
  async bootstrap(adminKey: string): Promise<ApiKeyInfo> {
    if (typeof adminKey !== 'string' || adminKey.length === 0 || adminKey.length > MAX_PRESENTED_LENGTH || /[\s\p{Cc}]/u.test(adminKey)) {
      throw authError(CODES.badInput, `WEFT_ADMIN_KEY must be 1–${MAX_PRESENTED_LENGTH} characters without spaces or control characters`);
    }
    return this.serial(async () => {
      const parsed = parseKey(adminKey);
      const id = parsed?.id ?? ENV_ADMIN_ID;
      const secret = parsed?.secret ?? adminKey;
      const existing = await this.store.get(id);
      let record = existing && (await matchesAny(secret, existing.salt, existing.hash)) ? existing : undefined;
      if (!record) {
        if (existing && parsed) throw authError(CODES.conflict, `WEFT_ADMIN_KEY names API key ${id}, which exists with another secret`);
        const salt = this.newSalt();
        const hash = parsed ? hashFast(secret, salt) : await hashSlow(secret, salt);
        record = { id, name: 'WEFT_ADMIN_KEY', scopes: ADMIN_SCOPES.map((s) => ({ ...s })), hash, salt, createdAt: this.now(), createdBy: 'env' };
        await this.store.put(record);
        this.invalidate(id);
      }
      if (!parsed) this.envKey = { digest: createHash('sha256').update(adminKey).digest(), storedHash: record.hash };
      return toInfo(record);
    });
  }

  /** The stored record a presented string authenticates as, or INVALID/EXPIRED/MALFORMED. */
  private async lookup(presented: string, digest: Buffer, now: number): Promise<{ record: ApiKeyRecord; previousUntil?: number }> {
    const parsed = parseKey(presented);
    if (!parsed) {
      if (!this.envKey || !timingSafeEqual(digest, this.envKey.digest)) {
        throw authError(CODES.malformed, 'not an API key: expected wk_<id>_<secret> (or the WEFT_ADMIN_KEY)');
      }
      const record = await this.store.get(ENV_ADMIN_ID);
      // Another process may have replaced the env key since this one started: then ours no longer counts.
      if (!record || !sameHash(record.hash, this.envKey.storedHash)) throw authError(CODES.invalid, 'WEFT_ADMIN_KEY was replaced');
      return { record };
    }
    const record = await this.store.get(parsed.id);
    // Unknown id and wrong secret read the same to the caller; the id is not secret, so no dummy hash is needed.
    if (!record) throw authError(CODES.invalid, 'unknown API key or wrong secret');
    if (matchesFast(parsed.secret, record.salt, record.hash)) return { record };
    const prev = record.previous;
    if (prev && matchesFast(parsed.secret, prev.salt, prev.hash)) {
      if (now >= prev.until) throw authError(CODES.expired, `this secret of API key ${record.id} was rotated out; its overlap window has ended`);
      return { record, previousUntil: prev.until };
    }
    throw authError(CODES.invalid, 'unknown API key or wrong secret');
  }

  /** An existing key that is neither revoked nor expired, else the matching coded error for `op`. */
  private async active(id: string, op: string): Promise<ApiKeyRecord> {
    const record = await this.store.get(id);
    if (!record) throw authError(CODES.unknownKey, `no API key ${JSON.stringify(id)}`);
    if (record.revokedAt !== undefined) throw authError(CODES.inactive, `cannot ${op} API key ${id}: it was revoked`);
    if (record.expiresAt !== undefined && this.now() >= record.expiresAt) throw authError(CODES.inactive, `cannot ${op} API key ${id}: it has expired`);
    return record;
  }

  private invalidate(id: string): void {
    this.epoch++;
    this.cache.drop(id);
  }

  private async freshId(): Promise<string> {
    // 48 random bits: a clash is ~never, but an overwritten key would be a silent takeover, so check.
    for (let i = 0; i < 5; i++) {
      const id = newKeyId(this.random);
      if (!(await this.store.get(id))) return id;
    }
    throw authError(CODES.conflict, 'could not find an unused key id (is the random source broken?)');
  }

  private newSalt(): string {
    return this.random(16).toString('hex');
  }

  /** Key writes from this instance run one at a time, so a rotate and a revoke cannot overwrite each other. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn, fn);
    this.writes = run.catch(() => undefined);
    return run;
  }
}

function toInfo(r: ApiKeyRecord): ApiKeyInfo {
  const info: ApiKeyInfo = {
    id: r.id,
    name: r.name,
    scopes: Object.freeze(r.scopes.map((s) => Object.freeze({ namespace: s.namespace, role: s.role }))),
    createdAt: r.createdAt,
    createdBy: r.createdBy,
  };
  if (r.expiresAt !== undefined) info.expiresAt = r.expiresAt;
  if (r.revokedAt !== undefined) info.revokedAt = r.revokedAt;
  if (r.rotatedAt !== undefined) info.rotatedAt = r.rotatedAt;
  if (r.previous) info.previousUntil = r.previous.until;
  return Object.freeze(info);
}

function checkText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > MAX_TEXT) {
    throw authError(CODES.badInput, `${field} must be a non-empty string of at most ${MAX_TEXT} characters`);
  }
  return value;
}

function checkScopes(scopes: unknown): Scope[] {
  if (!Array.isArray(scopes) || scopes.length === 0) throw authError(CODES.badInput, 'scopes must be a non-empty array of { namespace, role }');
  return scopes.map((s: Partial<Scope> | null, i) => {
    if (!s || typeof s.namespace !== 'string' || s.namespace.length === 0 || s.namespace.length > MAX_TEXT) {
      throw authError(CODES.badInput, `scopes[${i}].namespace must be a non-empty string (or "*")`);
    }
    if (!isRole(s.role)) throw authError(CODES.badInput, `scopes[${i}].role must be one of admin, developer, operator, viewer, invoker`);
    return { namespace: s.namespace, role: s.role };
  });
}
