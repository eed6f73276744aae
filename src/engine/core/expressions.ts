/**
 * Runtime expressions in workflow documents: `${ jq }` strings (strict mode), bare jq in fields the DSL
 * defines as expressions (`if`, `when`, `for.in`, …), and deep evaluation of objects holding expressions.
 * Failures become `expression` errors (status 400) at the task's pointer.
 */
import { type Json, ExprError, compile } from '../../expr/index.js';
import { expressionText as jqText, isRuntimeExpression as isExpression } from '../../shared/index.js';
import { workflowError } from './errors.js';

// How `${ }` is recognised and unwrapped is shared (src/shared/expression-text.ts, via src/contracts).
export { isExpression, jqText };

export type Args = Record<string, Json>;

/** Evaluates jq (first output; null when it yields none). */
export function evaluateJq(src: string, input: Json, args: Args, pointer: string): Json {
  try {
    const out = compile(jqText(src)).first(input, args);
    return out === undefined ? null : out;
  } catch (err) {
    if (err instanceof ExprError) {
      throw workflowError('expression', `${withoutSecrets(err.message, args)} (in ${JSON.stringify(src)})`, pointer);
    }
    throw err;
  }
}

/**
 * jq messages quote the values they failed on (`string ("hunter2-s3...) cannot be…`, `tonumber`'s
 * whole text), and a faulted run's error is journaled and shown: a message quoting a secret the run can
 * read — whole or the 10-character head jq keeps — is withheld.
 */
function withoutSecrets(message: string, args: Args): string {
  const secrets = args.secrets;
  if (!secrets || typeof secrets !== 'object' || Array.isArray(secrets)) return message;
  for (const v of Object.values(secrets)) {
    if (typeof v !== 'string' || v.length < 4) continue;
    if (message.includes(v.slice(0, 10)) || message.includes(JSON.stringify(v).slice(1, 11))) return 'the expression failed on a secret value (message withheld)';
  }
  return message;
}

/** A condition field (`if`, `when`, `while`): bare jq or `${ }`, true when the result is truthy. */
export function evaluateCondition(src: Json | undefined, input: Json, args: Args, pointer: string): boolean {
  if (src === undefined || src === null) return true;
  if (typeof src === 'boolean') return src;
  const v = evaluateJq(String(src), input, args, pointer);
  return v !== null && v !== false;
}

/** Evaluates every `${ }` string inside a value; other values are returned as they are. */
export function evaluateDeep(value: Json | undefined, input: Json, args: Args, pointer: string): Json {
  if (value === undefined) return null;
  if (typeof value === 'string') return isExpression(value) ? evaluateJq(value, input, args, pointer) : value;
  if (Array.isArray(value)) return value.map((v) => evaluateDeep(v, input, args, pointer));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = evaluateDeep(v, input, args, pointer);
    return out;
  }
  return value;
}

/** `input.from`, `output.as`, `export.as`: bare jq (or `${ }`) as a string, or a value holding `${ }`. */
export function evaluateTransform(spec: Json, data: Json, args: Args, pointer: string): Json {
  return typeof spec === 'string' ? evaluateJq(spec, data, args, pointer) : evaluateDeep(spec, data, args, pointer);
}
