/**
 * The vault's use cases as the API and the CLI see them (the vault itself is security/vault.ts, handed in
 * by compose.ts): metadata views with ISO 8601 times, never a value.
 *
 * Rotation by a function: a deployed function (say one that asks a provider for a fresh token) is called
 * with `{namespace, name, version}` and its output — a string, an object, or `{value}` — becomes the next
 * version; the value goes from the function to the vault without passing through the caller. Every
 * rotation is told as a CloudEvent `dev.weft.secret.rotated` (or `.rotation_failed`) carrying names and
 * versions only.
 */
import type * as Api from '../contracts/index.js';
import type { CloudEvent, SecretRecord, SecretUsageRecord } from '../ports/index.js';
import type { Json } from '../shared/index.js';

/** What the façade needs of the vault (security/vault.ts `Vault`). */
export interface VaultPort {
  set(namespace: string, name: string, value: Json, by: string, opts?: { description?: string; overlapMs?: number }): Promise<SecretRecord>;
  info(namespace: string, name: string): Promise<SecretRecord>;
  list(namespace?: string): Promise<SecretRecord[]>;
  versions(namespace: string, name: string): Promise<{ version: number; createdAt: number; createdBy: string; keyId: string }[]>;
  delete(namespace: string, name: string): Promise<void>;
  grant(namespace: string, name: string, change: { namespaces?: string[]; functions?: string[] }, revoke?: boolean): Promise<SecretRecord>;
  rekey(): Promise<{ rewrapped: number; masterKeyId: string }>;
  schedule(namespace: string, name: string, rotation: { everyMs: number; function: string } | undefined): Promise<SecretRecord>;
  usage(namespace: string, name: string): Promise<SecretUsageRecord[]>;
  readonly enabled: boolean;
  readonly masterKeyIds: { current?: string; previous?: string };
}

export interface SecretsApi {
  /** A new version (`created`: the secret did not exist). */
  put(namespace: string, name: string, body: Api.PutSecretBody, by: string): Promise<{ secret: Api.SecretView; created: boolean }>;
  get(namespace: string, name: string): Promise<Api.SecretView>;
  /** One namespace's secrets, or every namespace's. */
  list(namespace?: string): Promise<Api.SecretView[]>;
  versions(namespace: string, name: string): Promise<Api.SecretVersionView[]>;
  /** Who read which version (workflows, functions): first and last read, how many; never a value. */
  usage(namespace: string, name: string): Promise<Api.SecretUsageView[]>;
  delete(namespace: string, name: string): Promise<void>;
  grant(namespace: string, name: string, body: Api.GrantSecretBody): Promise<Api.SecretView>;
  rekey(): Promise<Api.RekeyView>;
  /** A new version from the rotation function `fn` (`name[:version|alias]`). */
  rotate(namespace: string, name: string, fn: string, by: string, overlapSeconds?: number): Promise<Api.SecretView>;
  /** Rotates on a schedule with a function (`undefined`: stops it). */
  schedule(namespace: string, name: string, body: Api.ScheduleRotationBody | undefined): Promise<Api.SecretView>;
  /** Whether a master key is configured, and its id (and, during a rekey, the previous one's). */
  status(): Promise<{ enabled: boolean; masterKeyId?: string; previousMasterKeyId?: string }>;
}

export interface SecretsOptions {
  vault: VaultPort;
  /** Calls a deployed function (the rotation function). */
  invoke(target: { name: string; ref?: string }, input: Json): Promise<Json>;
  /** Publishes the rotation's CloudEvent. */
  emit(event: CloudEvent): Promise<void>;
  now(): number;
  newId(): string;
}

/** What a rotation function's output stands for: a string or an object is the value; `{value}` wraps either. */
function rotatedValue(output: Json): Json {
  if (output && typeof output === 'object' && !Array.isArray(output) && Object.keys(output).length === 1 && 'value' in output) return output.value;
  return output;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function secretView(r: SecretRecord): Api.SecretView {
  return {
    namespace: r.namespace,
    name: r.name,
    description: r.description,
    version: r.current,
    ...(r.previous ? { previous: { version: r.previous.version, until: iso(r.previous.until) } } : {}),
    grants: { namespaces: [...r.grants.namespaces], functions: [...r.grants.functions] },
    createdAt: iso(r.createdAt),
    createdBy: r.createdBy,
    updatedAt: iso(r.updatedAt),
    ...(r.rotatedAt !== undefined ? { rotatedAt: iso(r.rotatedAt) } : {}),
    ...(r.rotation ? { rotation: { everySeconds: Math.round(r.rotation.everyMs / 1000), function: r.rotation.function, nextAt: iso(r.rotation.nextAt) } } : {}),
  };
}

export class Secrets implements SecretsApi {
  private readonly vault: VaultPort;

  constructor(private readonly o: SecretsOptions) {
    this.vault = o.vault;
  }

  async put(namespace: string, name: string, body: Api.PutSecretBody, by: string) {
    const r = await this.vault.set(namespace, name, body.value as Json, by, {
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.overlapSeconds !== undefined ? { overlapMs: body.overlapSeconds * 1000 } : {}),
    });
    return { secret: secretView(r), created: r.current === 1 };
  }

  async get(namespace: string, name: string) {
    return secretView(await this.vault.info(namespace, name));
  }

  async list(namespace?: string) {
    return (await this.vault.list(namespace)).map(secretView);
  }

  async versions(namespace: string, name: string) {
    return (await this.vault.versions(namespace, name)).map((v) => ({ version: v.version, createdAt: iso(v.createdAt), createdBy: v.createdBy, masterKeyId: v.keyId }));
  }

  async usage(namespace: string, name: string) {
    return (await this.vault.usage(namespace, name)).map((u) => ({ version: u.version, kind: u.kind, reader: u.reader, firstAt: iso(u.firstAt), lastAt: iso(u.lastAt), count: u.count }));
  }

  delete(namespace: string, name: string) {
    return this.vault.delete(namespace, name);
  }

  async grant(namespace: string, name: string, body: Api.GrantSecretBody) {
    return secretView(await this.vault.grant(namespace, name, { ...(body.namespaces ? { namespaces: body.namespaces } : {}), ...(body.functions ? { functions: body.functions } : {}) }, body.revoke === true));
  }

  rekey() {
    return this.vault.rekey();
  }

  async schedule(namespace: string, name: string, body: Api.ScheduleRotationBody | undefined) {
    return secretView(await this.vault.schedule(namespace, name, body && { everyMs: body.everySeconds * 1000, function: body.function }));
  }

  async status() {
    const ids = this.vault.masterKeyIds;
    return { enabled: this.vault.enabled, ...(ids.current ? { masterKeyId: ids.current } : {}), ...(ids.previous ? { previousMasterKeyId: ids.previous } : {}) };
  }

  async rotate(namespace: string, name: string, fn: string, by: string, overlapSeconds?: number) {
    const before = await this.vault.info(namespace, name);
    const colon = fn.indexOf(':');
    const target = colon < 0 ? { name: fn } : { name: fn.slice(0, colon), ref: fn.slice(colon + 1) };
    const tell = (type: string, data: Json) =>
      this.o.emit({ specversion: '1.0', id: this.o.newId(), source: 'https://weft.dev/vault', type, subject: `${namespace}/${name}`, time: new Date(this.o.now()).toISOString(), datacontenttype: 'application/json', data });
    let record: SecretRecord;
    try {
      const output = await this.o.invoke(target, { namespace, name, version: before.current });
      record = await this.vault.set(namespace, name, rotatedValue(output), `${by} via ${fn}`, overlapSeconds === undefined ? {} : { overlapMs: overlapSeconds * 1000 });
    } catch (err) {
      // The event says that it failed and the problem's code, never the function's output.
      await tell('dev.weft.secret.rotation_failed', { namespace, name, version: before.current, function: fn, code: String((err as { code?: unknown; problem?: { code?: unknown } }).problem?.code ?? (err as { code?: unknown }).code ?? 'unknown') });
      throw err;
    }
    await tell('dev.weft.secret.rotated', { namespace, name, version: record.current, previous: before.current, function: fn });
    return secretView(record);
  }
}
