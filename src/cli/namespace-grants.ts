/**
 * How the namespace grants (security/grants.ts) apply to what compose.ts wires: the secrets a run, a
 * function or a webhook sees, where `run: workflow` may reach, and the operator's warnings when a
 * registered workflow will not see a secret it declares (a subscriber of the `workflow.registered` hook).
 */
import type { Secrets, Webhook, WorkflowRegistry } from '../ports/index.js';
import { type Json, redactValues, secretStrings } from '../shared/index.js';
import type { Hooks } from '../platform/index.js';
import { type Grants, declaredSecrets } from '../security/index.js';
import { workflowWebhook } from '../events/index.js';

/** The environment's secrets, `WEFT_SECRET_<NAME>`: a read-only bootstrap source beside the vault. */
export function envSecrets(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('WEFT_SECRET_') && v !== undefined) out[k.slice(12)] = v;
  return out;
}

/**
 * Every secret value (string leaves) known now — the vault's (current, and previous in its overlap) and
 * the environment's: what masking and sealing look for. Derived again only when the vault changed.
 */
export function secretNeedles(vault: { values(): Json[]; readonly generation: number }, secrets: Record<string, string>): () => readonly string[] {
  let known: { generation: number; strings: string[] } | undefined;
  return () => {
    if (known?.generation !== vault.generation) known = { generation: vault.generation, strings: secretStrings([...vault.values(), ...Object.values(secrets)]) };
    return known.strings;
  };
}

/** Masks every secret value wherever it was copied to in what is shown: run views and events, function logs and failures. */
export function secretRedactor(needles: () => readonly string[]): <T extends Json>(value: T) => T {
  return (value) => redactValues(value, needles());
}

/**
 * The same for text already serialized (a log line, a span's message): each value masked raw and as it
 * is written inside a JSON string (quotes and backslashes escaped).
 */
export function secretTextMask(needles: () => readonly string[]): (text: string) => string {
  let masked: { strings: readonly string[]; needles: string[] } | undefined;
  return (text) => {
    const strings = needles();
    if (masked?.strings !== strings) masked = { strings, needles: [...new Set(strings.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))] };
    return redactValues(text, masked.needles);
  };
}

/** What compose.ts needs of the vault for reads (security/vault.ts `Vault`). */
interface VaultReads {
  /** With `reader`, the values handed out are noted as read by that workflow. */
  forRun(namespace: string, declared: readonly string[], reader?: string): Record<string, Json>;
  /** With `version`, the values handed out are noted as read by `fn:version`. */
  forFunction(fn: string, declared: readonly string[], version?: string): Record<string, Json>;
  readWithPrevious(namespace: string, name: string): Json[];
  /** The namespace whose secret `name` a run of `namespace` reads (its own, else one granting it). */
  holder(namespace: string, name: string): string | undefined;
  /** Notes a webhook's use of a secret's current (0) or previous (1) value, as readWithPrevious lists them. */
  noteWebhook(namespace: string, name: string, which: number, reader: string): void;
}

/** Who a run is, as the vault notes its reads: `namespace/name:version` of its document. */
function workflowReader(run: { namespace: string; definition: Record<string, Json> }): string {
  const doc = run.definition.document;
  const field = (k: string) => (doc && typeof doc === 'object' && !Array.isArray(doc) && typeof doc[k] === 'string' ? doc[k] : '?');
  return `${run.namespace}/${field('name')}:${field('version')}`;
}

/**
 * A run's `$secrets`: what its document declares and its namespace holds in the vault or is granted (of
 * the vault, or of the environment by WEFT_SECRET_GRANTS); the vault's value wins over an environment
 * variable of the same name. Without a run, every environment secret. `note: false` for views that rebuild
 * a run's events (showing a run is not reading its secrets); otherwise the vault notes who read what.
 */
export function workflowSecrets(grants: Grants, secrets: Record<string, string>, vault: VaultReads, o: { note?: boolean } = {}): Secrets {
  const note = o.note ?? true;
  return {
    all: (run) => {
      if (!run) return secrets;
      const declared = declaredSecrets(run.definition);
      if (!declared.length) return {};
      return { ...grants.secretsFor(run.namespace, declared, secrets), ...vault.forRun(run.namespace, declared, note ? workflowReader(run) : undefined) };
    },
  };
}

/** A manifest entry's place: `NAME` is namespace `default`'s, `ns/NAME` namespace `ns`'s. */
export function functionSecretPlace(entry: string): { namespace: string; name: string } {
  const slash = entry.indexOf('/');
  return slash < 0 ? { namespace: 'default', name: entry } : { namespace: entry.slice(0, slash), name: entry.slice(slash + 1) };
}

/**
 * A function's: the entries its manifest lists (`NAME`: namespace `default`, `ns/NAME`: namespace `ns`),
 * from the vault when the secret grants the function, else WEFT_SECRET_<NAME> when WEFT_SECRET_GRANTS maps
 * NAME into that namespace — the same explicit mapping runs follow, so `weft serve` without one gives
 * functions no environment secrets.
 */
export function functionSecrets(grants: Grants, secrets: Record<string, string>, vault: VaultReads): Secrets {
  return {
    all: () => secrets,
    forFunction: (fn, names, version) => {
      const out: Record<string, Json> = {};
      for (const entry of names) {
        const { namespace, name } = functionSecretPlace(entry);
        if (Object.hasOwn(secrets, name) && grants.secretGranted(name, namespace)) out[entry] = secrets[name];
      }
      return { ...out, ...vault.forFunction(fn, names, version) };
    },
  };
}

/**
 * A workflow's webhook verifies with a secret its namespace holds in the vault (the current version and,
 * during its overlap, the one before) or is granted from the environment; a function's (functions are
 * global) with the vault's `default` namespace or any environment secret.
 */
export function webhookSecrets(grants: Grants, secrets: Record<string, string>, vault: VaultReads): (w: Webhook) => Record<string, string | readonly string[]> {
  const text = (v: Json) => (typeof v === 'string' ? v : JSON.stringify(v));
  return (w) => {
    if (!w.secret) return secrets;
    const namespace = 'workflow' in w.target ? w.target.workflow.namespace : undefined;
    const env = namespace !== undefined && !grants.secretGranted(w.secret, namespace) ? {} : secrets;
    const accepted = vault.readWithPrevious(webhookSecretHolder(w, w.secret, vault), w.secret).map(text);
    return accepted.length ? { ...env, [w.secret]: accepted } : env;
  };
}

/** The vault namespace whose secret a webhook verifies with: its workflow's (or one granting it), `default` for a function's. */
function webhookSecretHolder(w: Webhook, secret: string, vault: Pick<VaultReads, 'holder'>): string {
  const namespace = 'workflow' in w.target ? w.target.workflow.namespace : undefined;
  return namespace === undefined ? 'default' : vault.holder(namespace, secret) ?? namespace;
}

/**
 * After a webhook call was verified with the `key`-th accepted value (webhookSecrets' list: the vault's
 * current, then previous), the vault notes which version the webhook `hooks/<path>` used. An environment
 * value (no vault value to list) has no version and is not noted.
 */
export function webhookVerified(vault: Pick<VaultReads, 'holder' | 'noteWebhook'>): (w: Webhook, key: number) => void {
  return (w, key) => {
    if (w.secret) vault.noteWebhook(webhookSecretHolder(w, w.secret, vault), w.secret, key, `hooks/${w.path}`);
  };
}

/**
 * `run: workflow` looks definitions up as the run's namespace: another namespace needs a grant (checked
 * before the lookup, so a forbidden caller cannot learn what exists there).
 */
export function guardedRegistry(grants: Grants, registry: WorkflowRegistry): WorkflowRegistry {
  return {
    get: async (ref, from) => {
      if (from) grants.checkStart(from.namespace, ref.namespace, `${ref.namespace}/${ref.name}:${ref.version ?? 'latest'}`);
      return registry.get(ref);
    },
  };
}

/**
 * A registered workflow (or deployed function) stays registrable when a secret it needs is not granted
 * (the grant may come later), but the operator hears of it.
 */
export function warnOfUnseenSecrets(hooks: Hooks, grants: Grants, secrets: Record<string, string>, warn: (message: string) => void, vault?: Pick<VaultReads, 'forFunction' | 'holder'>): void {
  hooks.on('function.deployed', (v) => {
    const unseen = (v.manifest.secrets ?? []).filter((entry) => {
      const { namespace, name } = functionSecretPlace(entry);
      return !(Object.hasOwn(secrets, name) && grants.secretGranted(name, namespace)) && vault?.forFunction(v.name, [entry])[entry] === undefined;
    });
    if (!unseen.length) return;
    const them = unseen.length > 1 ? 'them' : 'it';
    warn(`function ${v.name}:${v.version} lists secret${unseen.length > 1 ? 's' : ''} ${unseen.join(', ')} that it will not read: grant ${them} in the vault (weft secrets grant <namespace>/<NAME> --function ${v.name}), or set WEFT_SECRET_<NAME> and map it into the entry's namespace (WEFT_SECRET_GRANTS="<NAME>=<namespace>"; an entry without a namespace is namespace default's)`);
  });
  // Seen when the vault holds it for the namespace (its own, or granted), or the environment has it and maps it there.
  const unseen = (name: string, namespace: string) => vault?.holder(namespace, name) === undefined && (!Object.hasOwn(secrets, name) || !grants.secretGranted(name, namespace));
  hooks.on('workflow.registered', (record) => {
    const names = declaredSecrets(record.definition).filter((n) => unseen(n, record.namespace));
    const at = `workflow ${record.namespace}/${record.name}:${record.version}`;
    if (names.length) warn(`${at} declares secret${names.length > 1 ? 's' : ''} ${names.join(', ')} that namespace ${record.namespace} is not granted or that is not set (in the vault, or WEFT_SECRET_<NAME> with WEFT_SECRET_GRANTS): its runs will fault with a configuration error until ${names.length > 1 ? 'they are' : 'it is'}`);
    const hook = workflowWebhook(record.definition);
    if (hook?.secret && unseen(hook.secret, record.namespace)) {
      warn(`${at}: webhook ${hook.path} signs with secret ${hook.secret}, which namespace ${record.namespace} is not granted or that is not set: every call to it is refused (401)`);
    }
  });
}
