/**
 * Turns ajv's error list into the few problems an author needs. With `allErrors`, a value that fits no
 * branch of a `oneOf` gets every branch's errors: a task that is not quite an HTTP call is reported
 * as failing to be an AsyncAPI call, a gRPC call, a `do`, a `fork`… The reduction: keep errors outside
 * failed unions as they are; for each outermost failed union, re-validate the value against each branch
 * on its own, pick the branch the author evidently meant, and report only its (recursively reduced)
 * errors — or, when no branch stands out, one problem saying what the union accepts.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { TASK_KINDS } from '../shared/index.js';
import { depthBelow, escapeToken, getAt, isObject } from './pointer.js';
import { type Issue, UNION_MESSAGES, formatError, unknownProperty } from './schema-messages.js';
import { resolveRef, schemaAt, schemaErrors, schemaErrorsAt, schemaPointer } from './schema-validator.js';

export type { Issue } from './schema-messages.js';

const TASK_UNION = '/$defs/task';

/** Every schema problem of a document, reduced; `[]` when the document conforms. */
export function explainDocument(document: unknown): Issue[] {
  const errors = schemaErrors(document);
  if (errors.length === 0) return [];
  const issues = dedupe(explainErrors(errors, document, ''));
  // The reduction must never turn an invalid document into a silent one.
  return issues.length > 0 ? issues : [formatError(errors[0], '')];
}

function explainAt(schemaPtr: string, value: unknown, at: string): Issue[] {
  return explainErrors(schemaErrorsAt(schemaPtr, value), value, at);
}

function isUnion(e: ErrorObject): boolean {
  return e.keyword === 'oneOf' || e.keyword === 'anyOf';
}

function explainErrors(errors: ErrorObject[], value: unknown, at: string): Issue[] {
  const roots = unionRoots(errors.filter(isUnion));
  const out: Issue[] = [];
  for (const e of errors) {
    // `if` only says "then/else failed"; their own errors follow.
    if (e.keyword === 'if' || isUnion(e)) continue;
    if (roots.some((r) => depthBelow(e.instancePath, r.instancePath) >= 0)) continue;
    out.push(describe(e, at));
  }
  for (const r of roots) out.push(...explainUnion(r, getAt(value, r.instancePath), at + r.instancePath));
  return out;
}

/** A wrong JSON type where a union is expected (`authentication: myAuth`) says what the union accepts. */
function describe(e: ErrorObject, at: string): Issue {
  const known = e.keyword === 'type' ? UNION_MESSAGES[schemaPointer(e.parentSchema) ?? ''] : undefined;
  return known ? { pointer: at + e.instancePath, message: known, keyword: 'type' } : formatError(e, at);
}

/**
 * The outermost failed unions. ajv reports a union after its branches' errors, so of several unions
 * failing at one place (a task's kind union around the call-kind union) the last is the outermost.
 */
function unionRoots(unions: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject>();
  for (const u of unions) byPath.set(u.instancePath, u);
  return [...byPath.values()].filter((u) => ![...byPath.keys()].some((p) => depthBelow(u.instancePath, p) > 0));
}

function explainUnion(e: ErrorObject, value: unknown, at: string): Issue[] {
  const parentPtr = schemaPointer(e.parentSchema);
  const parent = isObject(e.parentSchema) ? e.parentSchema : undefined;
  if (parentPtr === undefined || !parent) return [formatError(e, at)];
  const kw = e.keyword;
  const own = ownIssues(parentPtr, parent, value, at);
  // Wrong JSON type for the whole union (`authentication: myAuth`): say what the union accepts.
  if (own.some((i) => i.keyword === 'type' && i.pointer === at)) {
    return UNION_MESSAGES[parentPtr] ? [{ pointer: at, message: UNION_MESSAGES[parentPtr], keyword: 'type' }] : own;
  }

  const branches = (parent[kw] as unknown[]).map((_, i) => `${parentPtr}/${kw}/${i}`);
  const multiple = Array.isArray((e.params as { passingSchemas?: unknown }).passingSchemas);
  const choice = multiple ? undefined : parentPtr === TASK_UNION ? chooseTask(branches, value, at) : chooseBranch(branches, value, at);
  if (choice && choice.branch === null) return [...own, ...choice.issues];

  const issues = [...own];
  if (choice) issues.push(...choice.issues);
  else issues.push({ pointer: at, message: unionMessage(parentPtr, kw, branches, multiple), keyword: kw });
  if (parent.unevaluatedProperties === false && isObject(value)) {
    // Unknown under the chosen branch, or (no branch chosen) under every branch.
    const fromBranches = choice?.branch ? declaredProperties(choice.branch) : branches.flatMap((b) => declaredProperties(b));
    const allowed = new Set([...declaredProperties(parentPtr, false), ...fromBranches]);
    for (const key of Object.keys(value)) if (!allowed.has(key)) issues.push(unknownProperty(at, key));
  }
  return issues;
}

/** Constraints next to the union (`type`, `required`, `properties`), which its branches do not repeat. */
function ownIssues(parentPtr: string, parent: Record<string, unknown>, value: unknown, at: string): Issue[] {
  const type = parent.type;
  if (typeof type === 'string' && !hasType(value, type)) return [{ pointer: at, message: formatType(type), keyword: 'type' }];
  if (!isObject(value)) return [];
  const out: Issue[] = [];
  for (const name of Array.isArray(parent.required) ? (parent.required as string[]) : []) {
    if (!(name in value)) out.push({ pointer: at, message: `missing required property '${name}'`, keyword: 'required' });
  }
  const props = isObject(parent.properties) ? parent.properties : {};
  for (const name of Object.keys(props)) {
    if (name in value) out.push(...explainAt(`${parentPtr}/properties/${escapeToken(name)}`, value[name], `${at}/${escapeToken(name)}`));
  }
  return out;
}

/** The branch the author meant and its issues; `branch: null` when the issues stand on their own. */
type Choice = { branch: string | null; issues: Issue[] };

/** A task's kind is the one kind key it has (`for` tasks also have `do`). */
function chooseTask(branches: string[], value: unknown, at: string): Choice | undefined {
  if (!isObject(value)) return { branch: null, issues: [{ pointer: at, message: 'a task must be an object such as { call: … } or { set: … }', keyword: 'type' }] };
  const kinds = TASK_KINDS.filter((k) => k in value && !(k === 'do' && 'for' in value));
  if (kinds.length !== 1) {
    const found = kinds.length === 0 ? `has none (keys: ${Object.keys(value).join(', ') || 'none'})` : `has ${kinds.join(', ')}`;
    return { branch: null, issues: [{ pointer: at, message: `not a valid task: a task must have exactly one of ${TASK_KINDS.join(', ')}, but it ${found}`, keyword: 'oneOf' }] };
  }
  const branch = branches.find((b) => resolveRef(b) === `/$defs/${kinds[0]}Task`);
  if (!branch) return undefined;
  return { branch, issues: explainAt(branch, value, at) };
}

/**
 * Ranks branches by how well the value fits their shape: right JSON type first, then no mismatched
 * discriminator (`call: http` against `const: grpc`), then fewest missing/unknown properties, then
 * the deepest error (the value got further into that branch), then the fewest errors.
 */
function chooseBranch(branches: string[], value: unknown, at: string): Choice | undefined {
  const ranked = branches
    .map((branch) => {
      const issues = explainAt(branch, value, at);
      return { branch, issues, rank: rank(issues, at) };
    })
    .sort((a, b) => compareRanks(a.rank, b.rank));
  const [best, second] = ranked;
  if (!best || best.rank[0] > 0 || best.issues.length === 0) return undefined;
  if (second && compareRanks(best.rank.slice(0, 4), second.rank.slice(0, 4)) === 0) return undefined;
  return { branch: best.branch, issues: best.issues };
}

function rank(issues: Issue[], at: string): number[] {
  let wrongType = 0;
  let discriminators = 0;
  let shape = 0;
  let deepest = 0;
  for (const i of issues) {
    const depth = depthBelow(i.pointer, at);
    if (depth === 0 && (i.keyword === 'type' || i.keyword === 'false schema')) wrongType = 1;
    if (depth <= 1 && (i.keyword === 'const' || i.keyword === 'enum' || i.keyword === 'not')) discriminators++;
    if ((depth === 0 && i.keyword === 'required') || (depth === 1 && i.keyword === 'unevaluatedProperties')) shape++;
    deepest = Math.max(deepest, depth);
  }
  return [wrongType, discriminators, shape, -deepest, issues.length];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function unionMessage(parentPtr: string, kw: string, branches: string[], multiple: boolean): string {
  const known = UNION_MESSAGES[parentPtr];
  if (known) return known;
  const names = branches.map((b, i) => {
    const node = schemaAt(b);
    const title = typeof node?.title === 'string' ? node.title : resolveRef(b).split('/').pop() || `alternative ${i + 1}`;
    const required = Array.isArray(node?.required) ? ` (requires ${(node.required as string[]).join(', ')})` : '';
    return title + required;
  });
  if (multiple) return `must match exactly one of: ${names.join('; ')}, but matches several`;
  return `must match ${kw === 'oneOf' ? 'exactly one' : 'at least one'} of: ${names.join('; ')}`;
}

/** Property names a schema declares, through `$ref`, `allOf` and (when `unions`) `oneOf`/`anyOf`. */
function declaredProperties(pointer: string, unions = true, seen = new Set<string>()): string[] {
  if (seen.has(pointer)) return [];
  seen.add(pointer);
  const node = schemaAt(pointer);
  if (!node) return [];
  const out = isObject(node.properties) ? Object.keys(node.properties) : [];
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) out.push(...declaredProperties(decodeURI(node.$ref.slice(1)), true, seen));
  for (const kw of unions ? ['allOf', 'oneOf', 'anyOf'] : ['allOf']) {
    const list = node[kw];
    if (Array.isArray(list)) list.forEach((_, i) => out.push(...declaredProperties(`${pointer}/${kw}/${i}`, true, seen)));
  }
  return out;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function formatType(type: string): string {
  return `must be ${type === 'object' || type === 'array' || type === 'integer' ? 'an' : 'a'} ${type}`;
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.pointer}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
