/**
 * The official DSL schema, compiled once with ajv (JSON Schema 2020-12). `verbose` errors carry the
 * schema object that failed; `schemaPointer` maps it back to its place in the schema, which is what
 * lets schema-explain.ts re-validate a value against one branch of a `oneOf`.
 */
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv } from './json-schema.js';
import { escapeToken, getAt, isObject } from './pointer.js';
import { WORKFLOW_SCHEMA, WORKFLOW_SCHEMA_ID } from './schema/workflow-schema.js';

export type SchemaError = ErrorObject;

interface Compiled {
  ajv: Ajv2020;
  root: ValidateFunction;
  byPointer: Map<string, ValidateFunction>;
  pointers: WeakMap<object, string>;
}

let compiled: Compiled | undefined;

/** Module-level lazy singleton: the first validation pays for compiling the schema (~150 ms). */
function instance(): Compiled {
  if (compiled) return compiled;
  const ajv = createAjv({ allErrors: true, strict: false, verbose: true }, { formats: true, trusted: true });
  ajv.addSchema(WORKFLOW_SCHEMA);
  const root = ajv.getSchema(WORKFLOW_SCHEMA_ID);
  if (!root) throw new Error(`the DSL schema ${WORKFLOW_SCHEMA_ID} did not compile`);
  compiled = { ajv, root, byPointer: new Map([['', root]]), pointers: indexSchema(WORKFLOW_SCHEMA) };
  return compiled;
}

function indexSchema(schema: unknown): WeakMap<object, string> {
  const index = new WeakMap<object, string>();
  const visit = (node: unknown, pointer: string): void => {
    if (typeof node !== 'object' || node === null) return;
    if (!Array.isArray(node)) index.set(node, pointer);
    for (const [key, child] of Object.entries(node)) visit(child, `${pointer}/${escapeToken(key)}`);
  };
  visit(schema, '');
  return index;
}

/** Validates a whole document; `[]` when it conforms. */
export function schemaErrors(document: unknown): SchemaError[] {
  const { root } = instance();
  return root(document) ? [] : [...(root.errors ?? [])];
}

/** Validates a value against the subschema at `pointer` (e.g. `/$defs/task/oneOf/0`). */
export function schemaErrorsAt(pointer: string, value: unknown): SchemaError[] {
  const c = instance();
  let validate = c.byPointer.get(pointer);
  if (!validate) {
    validate = c.ajv.getSchema(`${WORKFLOW_SCHEMA_ID}#${encodeURI(pointer)}`);
    if (!validate) throw new Error(`no subschema at ${pointer}`);
    c.byPointer.set(pointer, validate);
  }
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** Where a schema object (an error's `parentSchema`) sits in the DSL schema. */
export function schemaPointer(schema: unknown): string | undefined {
  return isObject(schema) ? instance().pointers.get(schema) : undefined;
}

/** The subschema at a pointer, following a `$ref` to a local definition. */
export function schemaAt(pointer: string): Record<string, unknown> | undefined {
  const node = getAt(WORKFLOW_SCHEMA, pointer);
  return isObject(node) ? node : undefined;
}

/** Resolves a local `$ref` (`#/$defs/x`) to its pointer; other schemas stay where they are. */
export function resolveRef(pointer: string): string {
  const node = schemaAt(pointer);
  const ref = node?.$ref;
  return typeof ref === 'string' && ref.startsWith('#') ? resolveRef(decodeURI(ref.slice(1))) : pointer;
}
