/**
 * jq 1.7.1's date builtins (`gmtime`, `mktime`, `strftime`, `strptime` and their local-time twins) as
 * pure functions over broken-down times `[year, month0, mday, hours, minutes, seconds, wday, yday]`.
 *
 * Everything is UTC: expressions never read the host time zone, so `localtime` and `strflocaltime` run the
 * same code as `gmtime` and `strftime` (only their error messages differ), and `%Z` is always "UTC".
 * jq delegates to the C library; the glibc behaviour it gets on Linux is reproduced in dates-strftime.ts
 * and dates-strptime.ts. Messages are jq 1.7.1's (read from its binary); where 1.6 differs it is noted.
 */
import { runtimeError } from '../errors.js';
import type { Json } from '../json.js';
import { type Tm, gmtimeTm, timegm, toCInt } from './dates-calendar.js';
import { strftimeGlibc } from './dates-strftime.js';
import { isSpace, strptimeGlibc } from './dates-strptime.js';

const encoder = new TextEncoder();

function tm2jv(tm: Tm): Json[] {
  return [tm.year + 1900, tm.mon, tm.mday, tm.hour, tm.min, tm.sec, tm.wday, tm.yday];
}

/**
 * jq's jv2tm (1.7.1): the first eight elements must all be numbers (so a 6-element array is rejected, unlike
 * jq 1.8); each is converted to a C int by truncation, and the year has 1900 taken off in int arithmetic.
 */
function jv2tm(a: Json[]): Tm | null {
  const f: number[] = [];
  for (let i = 0; i < 8; i++) {
    const v = a[i];
    if (typeof v !== 'number') return null;
    f.push(toCInt(v));
  }
  return { year: (f[0] - 1900) | 0, mon: f[1], mday: f[2], hour: f[3], min: f[4], sec: f[5], wday: f[6], yday: f[7] };
}

function brokenDown(input: Json, name: string): Json[] {
  if (typeof input !== 'number') throw runtimeError(`${name}() requires numeric inputs`);
  // time_t secs = fsecs: truncation toward zero; NaN, ±Infinity and |x| ≥ 2^63 are what x86 turns into
  // INT64_MIN, on which gmtime_r fails.
  const tm = Number.isFinite(input) && Math.abs(input) < 2 ** 63 ? gmtimeTm(Math.trunc(input) || 0) : null;
  // jq 1.6 spelled this "errror converting …".
  if (!tm) throw runtimeError('error converting number of seconds since epoch to datetime');
  const out = tm2jv(tm);
  // The fraction is added to tm_sec as jq does, after truncation: -1.5 gives 23:59:59.5.
  out[5] = tm.sec + (input - Math.floor(input));
  return out;
}

/** `gmtime`: seconds since the epoch → broken-down UTC time (seconds keep their fraction). */
export function gmtime(input: Json): Json {
  return brokenDown(input, 'gmtime');
}

/** `localtime`: the same as `gmtime`, since local time is UTC here. */
export function localtime(input: Json): Json {
  return brokenDown(input, 'localtime');
}

/**
 * `mktime`: broken-down UTC time → whole seconds since the epoch (timegm: fields are normalized, seconds
 * truncated toward zero like C's double → int). jq reports timegm's -1 as an error, so 1969-12-31T23:59:59
 * is "invalid gmtime representation".
 */
export function mktime(input: Json): Json {
  if (!Array.isArray(input)) throw runtimeError('mktime requires array inputs');
  const tm = input.length < 6 ? null : jv2tm(input);
  if (!tm) throw runtimeError('mktime requires parsed datetime inputs');
  const t = timegm(tm);
  if (t === -1) throw runtimeError('invalid gmtime representation');
  return t;
}

function format(input: Json, fmt: Json, name: string, toTm: (v: Json) => Json): Json {
  const a = typeof input === 'number' ? toTm(input) : input;
  if (!Array.isArray(a)) throw runtimeError(`${name}/1 requires parsed datetime inputs`);
  // jq 1.7.1 only checks the format's type for array inputs (a number input with a non-string format
  // crashes it); the check is made for both here.
  if (typeof fmt !== 'string') throw runtimeError(`${name}/1 requires a string format`);
  const tm = jv2tm(a);
  if (!tm) throw runtimeError(`${name}/1 requires parsed datetime inputs`);
  const out = strftimeGlibc(fmt, tm);
  // jq gives strftime a buffer of strlen(fmt) + 100 bytes; glibc returns 0 for a result that does not fit,
  // and jq cannot tell that from an empty result: both are failures ("" | strftime("") fails).
  const size = encoder.encode(out).length;
  if (size === 0 || size >= encoder.encode(fmt).length + 100) throw runtimeError(`${name}/1: unknown system failure`);
  return out;
}

/** `strftime(fmt)`: formats a broken-down time, or a number of seconds (through `gmtime`). */
export function strftime(input: Json, fmt: Json): Json {
  return format(input, fmt, 'strftime', gmtime);
}

/** `strflocaltime(fmt)`: the same as `strftime`, since local time is UTC here. */
export function strflocaltime(input: Json, fmt: Json): Json {
  return format(input, fmt, 'strflocaltime', localtime);
}

/**
 * `strptime(fmt)`: parses `input` with glibc's strptime into a broken-down time. Only trailing white space
 * may follow what the format consumed; jq appends that remainder to the array as a ninth element.
 *
 * jq starts from a zeroed tm whose wday and yday hold the sentinels 8 and 367; glibc fills wday and yday
 * whenever a date part was parsed, otherwise they stay 8 and 367 ("10:15" with "%H:%M" gives
 * [1900,0,0,10,15,0,8,367], as jq 1.6 and 1.7.1 do on Linux). jq's own fix-up of the sentinels only fires
 * when the day of month was parsed, which on glibc never leaves them, so it is not reproduced.
 */
export function strptime(input: Json, fmt: Json): Json {
  if (typeof input !== 'string' || typeof fmt !== 'string') {
    throw runtimeError('strptime/1 requires string inputs and arguments');
  }
  const tm: Tm = { year: 0, mon: 0, mday: 0, hour: 0, min: 0, sec: 0, wday: 8, yday: 367 };
  const end = strptimeGlibc(input, fmt, tm);
  if (end === null || (end < input.length && !isSpace(input[end]))) {
    throw runtimeError(`date "${input}" does not match format "${fmt}"`);
  }
  const out = tm2jv(tm);
  if (end < input.length) out.push(input.slice(end));
  return out;
}
