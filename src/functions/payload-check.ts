/**
 * The checks on a call's input and output: the payload cap, then the manifest's JSON Schema. Shared by
 * deployed versions (invoker.ts, validators cached per version) and drafts (draft-runner.ts, a fresh
 * ajv per draft), so both refuse the same values with the same messages.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FunctionVersion } from '../ports/index.js';
import { oversize } from '../contracts/index.js';
import type { Json } from '../shared/index.js';
import { FN_ERROR_CODES, FunctionError } from './errors.js';

/** Throws WEFT_ERR_FN_VALIDATION when `value` is over `limit` bytes or fails the manifest's schema. */
export function checkPayload(v: FunctionVersion, which: 'input' | 'output', value: Json, limit: number, validator: (schema: object) => ValidateFunction): void {
  const bytes = oversize(value, limit);
  if (bytes !== undefined) throw new FunctionError(FN_ERROR_CODES.validation, `${v.name}@${v.version} ${which} is ${bytes} bytes, over the ${limit}-byte payload limit`);
  const schema = v.manifest[which];
  if (schema === undefined || schema === null) return;
  const validate = validator(schema as object);
  if (!validate(value)) {
    const detail = (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
    throw new FunctionError(FN_ERROR_CODES.validation, `${v.name}@${v.version} ${which} is invalid: ${detail}`);
  }
}
