/**
 * `input.schema`, `output.schema`, `export.schema`: JSON Schema (2020-12 by default) validation of data,
 * failing with a `validation` error (400). Validators are compiled once per schema object.
 */
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { type Schema, createAjv } from '../../dsl/index.js';
import { type Json, isJsonObject } from '../../shared/index.js';
import { workflowError } from './errors.js';

let ajv: Ajv2020 | null = null;
const compiled = new WeakMap<object, ReturnType<Ajv2020['compile']>>();

function validatorFor(schema: object, pointer: string) {
  let v = compiled.get(schema);
  if (!v) {
    ajv ??= createAjv({ allErrors: true, strict: false }, { formats: true });
    try {
      v = ajv.compile(schema);
    } catch (err) {
      throw workflowError('configuration', `invalid JSON Schema: ${(err as Error).message}`, pointer);
    }
    compiled.set(schema, v);
  }
  return v;
}

/** Validates `data` against a DSL schema definition (`{ format?, document }`). */
export function validateSchema(d: Schema, data: Json, pointer: string, what: string): void {
  if (!isJsonObject(d)) throw workflowError('configuration', `${what} schema must be an object`, pointer);
  const format = typeof d.format === 'string' ? d.format : 'json';
  if (!format.startsWith('json')) throw workflowError('configuration', `schema format '${format}' is not supported`, pointer);
  if (d.document === undefined || d.document === null || typeof d.document !== 'object') {
    throw workflowError('configuration', `${what} schema: only inline schema documents are supported`, pointer);
  }
  const validate = validatorFor(d.document as object, pointer);
  if (!validate(data)) {
    const details = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
    throw workflowError('validation', `${what} is invalid: ${details}`, pointer);
  }
}
