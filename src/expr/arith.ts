/** jq's arithmetic and its type rules (object `+` and `*` merge, array `-`, string `*` and `/`). */
import { equals } from './compare.js';
import { runtimeError } from './errors.js';
import { type Json, type JsonObject, isObject, typeOf } from './json.js';
import { copyObject, getKey, putKey } from './paths.js';
import { checkArrayLength, checkString } from './budget.js';
import { truncDump } from './stringify.js';

function fail(a: Json, b: Json, verb: string, why = ''): never {
  throw runtimeError(`${typeOf(a)} (${truncDump(a)}) and ${typeOf(b)} (${truncDump(b)}) cannot be ${verb}${why}`);
}

export function add(a: Json, b: Json): Json {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (a === null) return b;
  if (b === null) return a;
  if (typeof a === 'string' && typeof b === 'string') return checkString(a + b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (b.length === 0) return a;
    if (a.length === 0) return b;
    checkArrayLength(a.length + b.length);
    return a.concat(b);
  }
  if (isObject(a) && isObject(b)) {
    const o = copyObject(a);
    for (const k of Object.keys(b)) putKey(o, k, b[k]);
    return o;
  }
  return fail(a, b, 'added');
}

export function subtract(a: Json, b: Json): Json {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (Array.isArray(a) && Array.isArray(b)) return a.filter((x) => !b.some((y) => equals(x, y)));
  return fail(a, b, 'subtracted');
}

function deepMerge(a: JsonObject, b: JsonObject): JsonObject {
  const o = copyObject(a);
  for (const k of Object.keys(b)) {
    const av = getKey(o, k);
    const bv = b[k];
    putKey(o, k, isObject(av) && isObject(bv) ? deepMerge(av, bv) : bv);
  }
  return o;
}

export function multiply(a: Json, b: Json): Json {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if ((typeof a === 'string' && typeof b === 'number') || (typeof a === 'number' && typeof b === 'string')) {
    const s = typeof a === 'string' ? a : (b as string);
    const n = typeof a === 'number' ? a : (b as number);
    // jq 1.7.1: the string repeated floor(n) times; a negative count (or nan) gives null.
    if (!(n >= 0)) return null;
    const times = Math.trunc(n);
    checkString(s.length * times);
    return s.repeat(times);
  }
  if (isObject(a) && isObject(b)) return deepMerge(a, b);
  return fail(a, b, 'multiplied');
}

export function divide(a: Json, b: Json): Json {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) fail(a, b, 'divided', ' because the divisor is zero');
    return a / b;
  }
  if (typeof a === 'string' && typeof b === 'string') return splitString(a, b);
  return fail(a, b, 'divided');
}

const INT64_MIN = -(2n ** 63n);

/** C's (intmax_t) cast on x86: truncation, with out-of-range values becoming INT64_MIN. */
function toInt64(d: number): bigint {
  if (Math.abs(d) >= 2 ** 63) return INT64_MIN;
  return BigInt(Math.trunc(d));
}

export function modulo(a: Json, b: Json): Json {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
    if (Math.abs(a) < 2 ** 53 && Math.abs(b) < 2 ** 53) {
      const y = Math.trunc(b);
      if (y === 0) fail(a, b, 'divided (remainder)', ' because the divisor is zero');
      const r = Math.trunc(a) % y;
      return r === 0 ? 0 : r; // C's integer % has no -0
    }
    const y = toInt64(b);
    if (y === 0n) fail(a, b, 'divided (remainder)', ' because the divisor is zero');
    return Number(toInt64(a) % y);
  }
  return fail(a, b, 'divided (remainder)');
}

/** jq's `split/1` and string division: "" splits nothing away ("abc"/"" is every character). */
export function splitString(s: string, sep: string): Json[] {
  if (s === '') return [];
  if (sep === '') return Array.from(s);
  return s.split(sep);
}

export function negate(a: Json): Json {
  if (typeof a === 'number') return -a;
  throw runtimeError(`${typeOf(a)} (${truncDump(a)}) cannot be negated`);
}
