/**
 * How the namespace grants (security/grants.ts) apply to what compose.ts wires: the secrets a run, a
 * function or a webhook sees, where `run: workflow` may reach, and the operator's warnings when a
 * registered workflow will not see a secret it declares (a subscriber of the `workflow.registered` hook).
 */
import type { Secrets, Webhook, WorkflowRegistry } from '../ports/index.js';
import type { Hooks } from '../platform/index.js';
import { type Grants, declaredSecrets } from '../security/index.js';
import { workflowWebhook } from '../events/index.js';

/** Secrets for workflows come from `WEFT_SECRET_<NAME>` variables (a vault arrives with the security issue). */
export function envSecrets(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('WEFT_SECRET_') && v !== undefined) out[k.slice(12)] = v;
  return out;
}

/**
 * A run's `$secrets`: what its document declares and its namespace is granted; without a run (functions,
 * which pick their manifest's), every secret.
 */
export function workflowSecrets(grants: Grants, secrets: Record<string, string>): Secrets {
  return { all: (run) => (run ? grants.secretsFor(run.namespace, declaredSecrets(run.definition), secrets) : secrets) };
}

/** A workflow's webhook verifies with a secret granted to its namespace; a function's (global) with any. */
export function webhookSecrets(grants: Grants, secrets: Record<string, string>): (w: Webhook) => Record<string, string> {
  return (w) => ('workflow' in w.target && w.secret && !grants.secretGranted(w.secret, w.target.workflow.namespace) ? {} : secrets);
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

/** A registered workflow stays registrable when a secret it needs is not granted (the grant may come later), but the operator hears of it. */
export function warnOfUnseenSecrets(hooks: Hooks, grants: Grants, secrets: Record<string, string>, warn: (message: string) => void): void {
  const unseen = (name: string, namespace: string) => !Object.hasOwn(secrets, name) || !grants.secretGranted(name, namespace);
  hooks.on('workflow.registered', (record) => {
    const names = declaredSecrets(record.definition).filter((n) => unseen(n, record.namespace));
    const at = `workflow ${record.namespace}/${record.name}:${record.version}`;
    if (names.length) warn(`${at} declares secret${names.length > 1 ? 's' : ''} ${names.join(', ')} that namespace ${record.namespace} is not granted or that is not set (WEFT_SECRET_GRANTS, WEFT_SECRET_<NAME>): its runs will not see ${names.length > 1 ? 'them' : 'it'}`);
    const hook = workflowWebhook(record.definition);
    if (hook?.secret && unseen(hook.secret, record.namespace)) {
      warn(`${at}: webhook ${hook.path} signs with secret ${hook.secret}, which namespace ${record.namespace} is not granted or that is not set: every call to it is refused (401)`);
    }
  });
}
