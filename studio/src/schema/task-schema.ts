/**
 * The DSL's JSON schema (a copy of src/dsl/schema/workflow-schema.json: the studio may not import src/,
 * DESIGN.md §2; `npm run studio:schema` refreshes it) read as "which fields does a task of kind K have".
 * Property forms are generated from what this returns.
 */
import schemaJson from './workflow-schema.json';
import type { TaskKind } from '../model/index.js';

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  pattern?: string;
  items?: JsonSchema;
  [k: string]: unknown;
}

const ROOT = schemaJson as unknown as JsonSchema & { $defs: Record<string, JsonSchema> };

/** Follows `$ref`s (local ones only: the DSL schema has no others), keeping the referrer's title/description. */
export function deref(s: JsonSchema | undefined): JsonSchema {
  let node = s ?? {};
  for (let i = 0; i < 20 && node.$ref; i++) {
    const name = node.$ref.replace('#/$defs/', '');
    const { $ref: _ref, ...local } = node;
    node = { ...ROOT.$defs[name], ...stripEmpty(local) };
  }
  return node;
}

function stripEmpty(o: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as JsonSchema;
}

/** Properties of an object schema, merging `allOf` parts (taskBase + the kind's own). */
export function propertiesOf(s: JsonSchema): { properties: Record<string, JsonSchema>; required: string[] } {
  const node = deref(s);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [...(node.required ?? [])];
  for (const part of node.allOf ?? []) {
    const inner = propertiesOf(part);
    Object.assign(properties, inner.properties);
    required.push(...inner.required);
  }
  Object.assign(properties, node.properties ?? {});
  return { properties, required };
}

/**
 * The schema of a task of this kind. `call` is a oneOf over its targets (http, grpc, openapi, asyncapi,
 * a2a, a function): the variant is picked by the task's `call` value, the catalog-function variant
 * when it names none of the fixed ones.
 */
export function taskSchema(kind: TaskKind, task: Record<string, unknown>): JsonSchema | undefined {
  if (kind === 'unknown') return undefined;
  const def = ROOT.$defs[`${kind}Task`];
  if (kind !== 'call' || !def?.oneOf) return def;
  const variants = def.oneOf.map(deref);
  const fixed = variants.find((v) => propertiesOf(v).properties.call?.const === task.call);
  return fixed ?? variants.find((v) => propertiesOf(v).properties.call?.const === undefined) ?? variants[0];
}

/** The fixed `call` targets (http, grpc, …), offered as suggestions next to function names. */
export function callTargets(): string[] {
  const def = ROOT.$defs.callTask;
  return (def.oneOf ?? []).flatMap((v) => {
    const c = propertiesOf(v).properties.call?.const;
    return typeof c === 'string' ? [c] : [];
  });
}

/** The simplest editor a schema allows: a single-line value, a choice, or structured (YAML) text. */
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'structured';

export function fieldKind(s: JsonSchema): FieldKind {
  const node = deref(s);
  if (node.enum && node.enum.every((e) => typeof e === 'string')) return 'enum';
  const type = Array.isArray(node.type) ? undefined : node.type;
  if (type === 'string') return 'string';
  if (type === 'number' || type === 'integer' || type === 'boolean') return type;
  // `anyOf` of strings only (flow directives): still one line.
  const alts = (node.anyOf ?? node.oneOf ?? []).map(deref);
  if (!type && alts.length > 0 && alts.every((a) => a.type === 'string')) return 'string';
  return 'structured';
}

/** Suggestions for a string field (a flow directive's `continue`/`exit`/`end`, a schema's enum in anyOf). */
export function suggestions(s: JsonSchema): string[] {
  const node = deref(s);
  return (node.anyOf ?? node.oneOf ?? []).flatMap((a) => (deref(a).enum ?? []).filter((e): e is string => typeof e === 'string'));
}
