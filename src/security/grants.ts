/**
 * Least privilege between namespaces: which secrets a namespace's workflows may read, and which other
 * namespaces a run may start workflows in (`run: workflow`). Both are operator grants read from the
 * environment at start:
 *
 *   WEFT_SECRET_GRANTS="STRIPE_KEY=shop|billing,SLACK_TOKEN=*"   secret → namespaces (`*`: all)
 *   WEFT_RUN_GRANTS="shop->billing|audit,ops->*"                  namespace → namespaces (`*`: all)
 *
 * Unset means the command's default: everything (`weft dev`, `weft run`: one user who can do all of it
 * directly anyway) or nothing (`weft serve`). Set but empty means nothing. A run always may start
 * workflows of its own namespace; a secret reaches a workflow only if its document also declares it in
 * `use.secrets`.
 */
import type { Json } from '../shared/index.js';
import { type WorkflowError, workflowError } from '../contracts/index.js';
import { GRANT_ERROR_CODES, GrantSyntaxError } from './errors.js';

/** What an unset grant variable means. */
export type GrantDefault = 'all' | 'none';

const SECRET_NAME = /^[A-Za-z0-9_]+$/;
// The DSL's WorkflowNamespace pattern.
const NAMESPACE = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const ALL = '*';

type Table = Map<string, Set<string>>;

function entries(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

function namespaces(variable: string, entry: string, text: string): Set<string> {
  const out = new Set(text.split('|').map((s) => s.trim()));
  for (const ns of out) {
    if (ns !== ALL && !NAMESPACE.test(ns)) throw new GrantSyntaxError(`${variable}: '${ns}' in '${entry}' is not a namespace (letters, digits, '-') or '*'`);
  }
  return out;
}

function add(table: Table, key: string, values: Set<string>): void {
  const set = table.get(key) ?? new Set<string>();
  for (const v of values) set.add(v);
  table.set(key, set);
}

/** `NAME=ns|ns,…` → secret name (or `*`) → namespaces (or `*`). */
export function parseSecretGrants(text: string): Table {
  const table: Table = new Map();
  for (const entry of entries(text)) {
    const m = /^([^=]+)=(.+)$/.exec(entry);
    const name = m?.[1].trim();
    if (!m || !name || (name !== ALL && !SECRET_NAME.test(name))) {
      throw new GrantSyntaxError(`WEFT_SECRET_GRANTS: expected <SECRET>=<namespace>|<namespace>… (SECRET as in WEFT_SECRET_<SECRET>, or *; namespace or *), got '${entry}'`);
    }
    add(table, name, namespaces('WEFT_SECRET_GRANTS', entry, m[2]));
  }
  return table;
}

/** `from->to|to,…` → namespace (or `*`) → namespaces it may start workflows in (or `*`). */
export function parseRunGrants(text: string): Table {
  const table: Table = new Map();
  for (const entry of entries(text)) {
    // A namespace never holds '>', so the first '->' separates.
    const at = entry.indexOf('->');
    const from = at < 0 ? '' : entry.slice(0, at).trim();
    const to = at < 0 ? '' : entry.slice(at + 2).trim();
    if (!from || !to || (from !== ALL && !NAMESPACE.test(from))) {
      throw new GrantSyntaxError(`WEFT_RUN_GRANTS: expected <namespace>-><namespace>|<namespace>… (namespace or *), got '${entry}'`);
    }
    add(table, from, namespaces('WEFT_RUN_GRANTS', entry, to));
  }
  return table;
}

function granted(table: Table | 'all', key: string, value: string): boolean {
  if (table === 'all') return true;
  for (const k of [key, ALL]) {
    const set = table.get(k);
    if (set && (set.has(value) || set.has(ALL))) return true;
  }
  return false;
}

/** The secret names a definition declares: `use.secrets` (strings only), and the secrets its `use.authentications` policies use. */
export function declaredSecrets(definition: Record<string, Json>): string[] {
  const use = definition.use;
  if (!use || typeof use !== 'object' || Array.isArray(use)) return [];
  const list = use.secrets;
  const declared = Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : [];
  // A secret-based authentication policy names its secret: `use.authentications.<name>.<scheme>.use`.
  const auths = use.authentications;
  if (auths && typeof auths === 'object' && !Array.isArray(auths)) {
    for (const policy of Object.values(auths)) {
      if (!policy || typeof policy !== 'object' || Array.isArray(policy)) continue;
      for (const scheme of Object.values(policy)) {
        const name = scheme && typeof scheme === 'object' && !Array.isArray(scheme) ? scheme.use : undefined;
        if (typeof name === 'string' && !declared.includes(name)) declared.push(name);
      }
    }
  }
  return declared;
}

export class Grants {
  private constructor(
    private readonly secrets: Table | 'all',
    private readonly runs: Table | 'all',
    /** Whether each came from its variable (true) or is the default. */
    readonly configured: { secrets: boolean; runs: boolean },
  ) {}

  /** Reads WEFT_SECRET_GRANTS and WEFT_RUN_GRANTS; `fallback` is what an unset variable means. */
  static fromEnv(env: NodeJS.ProcessEnv, fallback: GrantDefault): Grants {
    const s = env.WEFT_SECRET_GRANTS;
    const r = env.WEFT_RUN_GRANTS;
    const dflt = (): Table | 'all' => (fallback === 'all' ? 'all' : new Map());
    return new Grants(s === undefined ? dflt() : parseSecretGrants(s), r === undefined ? dflt() : parseRunGrants(r), { secrets: s !== undefined, runs: r !== undefined });
  }

  /** Whether workflows (and webhooks) of `namespace`, and functions reading it as `namespace/name`, may use the environment secret `name`. */
  secretGranted(name: string, namespace: string): boolean {
    return granted(this.secrets, name, namespace);
  }

  /**
   * `$secrets` of a run: the secrets its document declares that its namespace is granted and that have
   * a value. Anything else is absent (`$secrets.X` is null).
   */
  secretsFor(namespace: string, declared: readonly string[], values: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of declared) {
      if (Object.hasOwn(values, name) && this.secretGranted(name, namespace)) out[name] = values[name];
    }
    return out;
  }

  /** Whether a run in namespace `from` may start a workflow in namespace `to` (its own: always). */
  mayStart(from: string, to: string): boolean {
    return from === to || granted(this.runs, from, to);
  }

  /** Throws the workflow error a forbidden `run: workflow` faults with (403, type authorization). */
  checkStart(from: string, to: string, ref: string): void {
    if (!this.mayStart(from, to)) throw runForbidden(from, to, ref);
  }

  /** One line per grant variable, for the server's start messages. */
  describe(): string[] {
    const list = (t: Table, arrow: string) => [...t].map(([k, v]) => `${k}${arrow}${[...v].join('|')}`).join(', ');
    return [
      this.secrets === 'all'
        ? 'secrets: every WEFT_SECRET_* is granted to every namespace (WEFT_SECRET_GRANTS unset; single user); a workflow still sees only those its use.secrets declares, a function those its manifest lists'
        : this.secrets.size === 0
          ? 'secrets: no namespace grants (WEFT_SECRET_GRANTS); workflows and functions see no WEFT_SECRET_* (vault secrets follow their own grants)'
          : `secrets: granted ${list(this.secrets, '=')} (WEFT_SECRET_GRANTS); a workflow of the namespace sees those its use.secrets declares, a function those its manifest lists as <namespace>/<NAME> (NAME alone: namespace default)`,
      this.runs === 'all'
        ? 'run: workflow may start workflows in any namespace (WEFT_RUN_GRANTS unset; single user)'
        : this.runs.size === 0
          ? 'run: workflow starts workflows of the run\'s own namespace only (no WEFT_RUN_GRANTS)'
          : `run: workflow starts workflows of the run's own namespace and ${list(this.runs, '->')} (WEFT_RUN_GRANTS)`,
    ];
  }
}

export function runForbidden(from: string, to: string, ref: string): WorkflowError {
  return workflowError('authorization', `a run in namespace ${from} may not start workflow ${ref}: namespace ${to} is not granted to ${from} (WEFT_RUN_GRANTS="${from}->${to}")`, undefined, {
    code: GRANT_ERROR_CODES.runForbidden,
  });
}
