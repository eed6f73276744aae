/**
 * jq's compact JSON text (`jq -c`, `tojson`, `tostring`). Differs from JSON.stringify in numbers
 * (jq's dtoa format: `1e+17`, `1e-05`, `-0`; NaN prints as null, ±Infinity as ±DBL_MAX) and in
 * escaping DEL (U+007F). Throws RangeError on absurd nesting; callers turn that into a budget error.
 */
import type { Json } from './json.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const DBL_MAX = '1.7976931348623157e+308';

/** jq's jvp_dtoa_fmt: shortest round-trip digits, exponent form when decpt <= -4 or decpt > digits + 15. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'null';
  if (n === Infinity) return DBL_MAX;
  if (n === -Infinity) return '-' + DBL_MAX;
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  const sign = n < 0 ? '-' : '';
  const exp = Math.abs(n).toExponential(); // "d.ddde±x" with the shortest round-trip digits
  const e = exp.indexOf('e');
  const digits = exp.slice(0, e).replace('.', '');
  const decpt = Number(exp.slice(e + 1)) + 1; // position of the decimal point after the first digit
  if (decpt <= -4 || decpt > digits.length + 15) {
    const x = decpt - 1;
    const ax = Math.abs(x);
    const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    return `${sign}${mant}e${x < 0 ? '-' : '+'}${ax < 10 ? '0' : ''}${ax}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return sign + digits + '0'.repeat(decpt - digits.length);
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

const ESC: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f' };
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function quoteString(s: string): string {
  NEEDS_ESCAPE.lastIndex = 0;
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  return (
    '"' +
    s.replace(NEEDS_ESCAPE, (c) => {
      const e = ESC[c];
      if (e) return e;
      if (c.length === 1 && c.charCodeAt(0) >= 0xd800) return '\ufffd'; // lone surrogate: jq writes U+FFFD
      return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
    }) +
    '"'
  );
}

export function stringify(v: Json): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatNumber(v);
    case 'string':
      return quoteString(v);
  }
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + stringify(v[i]);
    return out + ']';
  }
  let out = '{';
  let first = true;
  for (const k in v) {
    out += (first ? '' : ',') + quoteString(k) + ':' + stringify(v[k]);
    first = false;
  }
  return out + '}';
}

/** jq's error-message rendering of a value: its JSON text cut to 11 bytes plus "..." (jv_dump_string_trunc). */
export function truncDump(v: Json, size = 15): string {
  const s = stringify(v);
  const bytes = encoder.encode(s);
  if (bytes.length <= size - 1) return s;
  return decoder.decode(bytes.subarray(0, size - 4)).replace(/\ufffd$/, '') + '...';
}
