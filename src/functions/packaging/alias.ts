/**
 * Aliases (`live`, `canary`, any name) route calls to versions, optionally split by integer weights.
 * Routing is a pure function of a number in [0, 1): callers derive it from the idempotency key
 * (`pickFor`), so a retried invocation lands on the same version as its first attempt.
 */
import { createHash } from 'node:crypto';
import type { FunctionAlias, FunctionStore, FunctionVersion } from '../../ports/index.js';
import { NAME_PATTERN, SEMVER_PATTERN } from '../manifest.js';
import { DEPLOY_ERROR_CODES, DeployError, type FunctionProblem, notFound } from './errors.js';

const NAME = new RegExp(NAME_PATTERN);
const SEMVER = new RegExp(SEMVER_PATTERN);

/** A uniform number in [0, 1) from a string (48 bits of its SHA-256). */
export function pickFor(key: string): number {
  return createHash('sha256').update(key).digest().readUIntBE(0, 6) / 2 ** 48;
}

/**
 * The version `pick` lands on: routes are laid end to end on [0, 100) in their order and `pick * 100`
 * falls into one. Deterministic; out-of-range picks are clamped; zero-weight routes are never chosen.
 */
export function resolveAlias(alias: FunctionAlias, pick: number): string {
  const routes = alias.routes.filter((r) => r.weight > 0);
  if (routes.length === 0) throw new DeployError(DEPLOY_ERROR_CODES.alias, `alias ${alias.name}:${alias.alias} has no route with a weight`);
  const total = routes.reduce((sum, r) => sum + r.weight, 0);
  const target = (Number.isFinite(pick) ? Math.min(Math.max(pick, 0), 1) : 0) * total;
  let end = 0;
  for (const r of routes) {
    end += r.weight;
    if (target < end) return r.version;
  }
  return routes[routes.length - 1].version;
}

function shapeProblems(alias: FunctionAlias): FunctionProblem[] {
  const problems: FunctionProblem[] = [];
  if (typeof alias.name !== 'string' || !NAME.test(alias.name)) problems.push({ pointer: '/name', message: 'must be a function name' });
  if (typeof alias.alias !== 'string' || !NAME.test(alias.alias)) {
    problems.push({ pointer: '/alias', message: 'must be 1–63 lowercase letters, digits or dashes, starting with a letter' });
  }
  if (!Array.isArray(alias.routes) || alias.routes.length === 0) return [...problems, { pointer: '/routes', message: 'must list at least one version' }];
  const seen = new Set<string>();
  let sum = 0;
  alias.routes.forEach((r, i) => {
    if (typeof r?.version !== 'string' || !SEMVER.test(r.version)) problems.push({ pointer: `/routes/${i}/version`, message: 'must be a semantic version' });
    else if (seen.has(r.version)) problems.push({ pointer: `/routes/${i}/version`, message: `${r.version} is listed twice` });
    else seen.add(r.version);
    if (!Number.isInteger(r?.weight) || r.weight < 0 || r.weight > 100) problems.push({ pointer: `/routes/${i}/weight`, message: 'must be an integer from 0 to 100' });
    else sum += r.weight;
  });
  if (problems.every((p) => !p.pointer.endsWith('/weight')) && sum !== 100) {
    problems.push({ pointer: '/routes', message: `weights must sum to 100 (they sum to ${sum})` });
  }
  return problems;
}

/** Checks names, weights (integers 0..100 summing to 100) and that every routed version is deployed; all problems at once. */
export async function validateAlias(store: FunctionStore, alias: FunctionAlias): Promise<void> {
  const problems = shapeProblems(alias);
  if (problems.length === 0) {
    for (const [i, r] of alias.routes.entries()) {
      if (!(await store.getVersion(alias.name, r.version))) problems.push({ pointer: `/routes/${i}/version`, message: `${alias.name}@${r.version} is not deployed` });
    }
  }
  if (problems.length > 0) {
    const list = problems.map((p) => `  ${p.pointer}: ${p.message}`).join('\n');
    throw new DeployError(DEPLOY_ERROR_CODES.alias, `invalid alias ${String(alias.name)}:${String(alias.alias)}:\n${list}`, { problems });
  }
}

/** Validates then points the alias at its routes (creating or moving it; rollback is moving it back). */
export async function assignAlias(store: FunctionStore, alias: FunctionAlias): Promise<void> {
  await validateAlias(store, alias);
  await store.setAlias({ name: alias.name, alias: alias.alias, routes: alias.routes.map((r) => ({ version: r.version, weight: r.weight })) });
}

/** `price`, `price:1.2.0`, `price:live` → name and optional reference (a version or an alias). */
export function parseFunctionRef(text: string): { name: string; ref?: string } {
  const at = text.indexOf(':');
  return at < 0 ? { name: text } : { name: text.slice(0, at), ref: text.slice(at + 1) };
}

export interface ResolvedVersion {
  version: FunctionVersion;
  /** The alias that routed to it, if any. */
  alias?: string;
}

/**
 * The version a reference names: a semver string is that version; anything else is an alias routed with
 * `pick`; no reference means the `live` alias when it exists, else the newest version.
 */
export async function resolveVersion(store: Pick<FunctionStore, 'getVersion' | 'getAlias' | 'listVersions'>, name: string, ref: string | undefined, pick: number): Promise<ResolvedVersion> {
  if (ref !== undefined && SEMVER.test(ref)) {
    const v = await store.getVersion(name, ref);
    if (!v) throw notFound(`function ${name}@${ref} is not deployed`);
    return { version: v };
  }
  const aliasName = ref ?? 'live';
  const alias = await store.getAlias(name, aliasName);
  if (!alias) {
    if (ref !== undefined) throw notFound(`function ${name} has no version or alias ${JSON.stringify(ref)}`);
    const [newest] = await store.listVersions(name);
    if (!newest) throw notFound(`function ${name} is not deployed`);
    return { version: newest };
  }
  const version = resolveAlias(alias, pick);
  const v = await store.getVersion(name, version);
  if (!v) throw notFound(`alias ${name}:${aliasName} routes to ${version}, which is not deployed`);
  return { version: v, alias: aliasName };
}
