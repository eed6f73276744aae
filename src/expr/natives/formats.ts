/**
 * jq's `@name` string formats (the C function `f_format` of jq 1.7.1), as pure functions.
 *
 * Every message and escape was checked against jq 1.7.1 itself (its WebAssembly build) and Debian's jq 1.6.
 * Two points differ from what one might expect:
 * - `@html` maps `'` to `&apos;` (jq 1.7.1's table), not `&#39;`.
 * - jq's escape table maps U+0000 to the two characters `\0` in `@html`, `@csv`, `@tsv` and `@sh`.
 * `@base32`/`@base32d` do not exist in jq 1.6 or 1.7.1 (both say `base32 is not a valid format`); they are
 * provided here as RFC 4648 codecs because the engine wants them (see `base32Decode` for its choices).
 */
import { runtimeError } from '../errors.js';
import { type Json, typeOf } from '../json.js';
import { stringify, truncDump } from '../stringify.js';

const encoder = new TextEncoder();

/** jq's `tostring`: strings as they are, anything else as its compact JSON text. */
export function tostring(v: Json): string {
  return typeof v === 'string' ? v : stringify(v);
}

const describe = (v: Json) => `${typeOf(v)} (${truncDump(v)})`;

/** jq's escape_string: per-character replacements, plus its built-in NUL → `\0`. */
function escape(s: string, table: Record<string, string>): string {
  let out = '';
  for (const ch of s) out += ch === '\u0000' ? '\\0' : (table[ch] ?? ch);
  return out;
}

const CSV_ESC = { '"': '""' };
const TSV_ESC = { '\t': '\\t', '\r': '\\r', '\n': '\\n', '\\': '\\\\' };
const HTML_ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;' };
const SH_ESC = { "'": "'\\''" };

function row(input: Json, csv: boolean): string {
  const kind = csv ? 'csv' : 'tsv';
  if (!Array.isArray(input)) throw runtimeError(`${describe(input)} cannot be ${kind}-formatted, only array`);
  const cells = input.map((x) => {
    if (x === null) return '';
    if (typeof x === 'boolean') return String(x);
    if (typeof x === 'number') return Number.isNaN(x) ? '' : stringify(x);
    // jq says "csv row" for @tsv too.
    if (typeof x !== 'string') throw runtimeError(`${describe(x)} is not valid in a csv row`);
    return csv ? `"${escape(x, CSV_ESC)}"` : escape(x, TSV_ESC);
  });
  return cells.join(csv ? ',' : '\t');
}

function shell(input: Json): string {
  const items = Array.isArray(input) ? input : [input];
  return items
    .map((x) => {
      if (typeof x === 'string') return `'${escape(x, SH_ESC)}'`;
      if (x !== null && typeof x === 'object') throw runtimeError(`${describe(x)} can not be escaped for shell`);
      return stringify(x);
    })
    .join(' ');
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

function uri(s: string): string {
  let out = '';
  for (const b of encoder.encode(s)) {
    const c = String.fromCharCode(b);
    out += b < 128 && UNRESERVED.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = Math.min(3, bytes.length - i);
    const code = (bytes[i] << 16) | ((n > 1 ? bytes[i + 1] : 0) << 8) | (n > 2 ? bytes[i + 2] : 0);
    for (let j = 0; j < 4; j++) out += j <= n ? B64[(code >> (18 - 6 * j)) & 63] : '=';
  }
  return out;
}

/** jq's decoder: stops at the first `=`, rejects any other byte outside the alphabet, drops leftover bits. */
function base64Decode(s: string): string {
  const bytes: number[] = [];
  let code = 0;
  let n = 0;
  for (const b of encoder.encode(s)) {
    if (b === 0x3d) break; // '='
    const v = b < 128 ? B64.indexOf(String.fromCharCode(b)) : -1;
    if (v < 0) throw runtimeError(`${describe(s)} is not valid base64 data`);
    code = (code << 6) | v;
    if (++n === 4) {
      bytes.push((code >> 16) & 255, (code >> 8) & 255, code & 255);
      code = n = 0;
    }
  }
  if (n === 3) bytes.push((code >> 10) & 255, (code >> 2) & 255);
  else if (n === 2) bytes.push((code >> 4) & 255);
  else if (n === 1) throw runtimeError(`${describe(s)} trailing base64 byte found`);
  return decodeUtf8(bytes);
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 5) {
    const n = Math.min(5, bytes.length - i);
    let bits = 0n;
    for (let j = 0; j < 5; j++) bits = (bits << 8n) | BigInt(j < n ? bytes[i + j] : 0);
    const chars = Math.ceil((n * 8) / 5); // 2, 4, 5, 7 or 8 significant characters
    for (let j = 0; j < 8; j++) out += j < chars ? B32[Number((bits >> BigInt(35 - 5 * j)) & 31n)] : '=';
  }
  return out;
}

/** Mirrors `@base64d`: stops at `=`, rejects bytes outside the (upper-case) alphabet, drops leftover bits. */
function base32Decode(s: string): string {
  const bytes: number[] = [];
  let acc = 0;
  let nbits = 0;
  for (const ch of s) {
    if (ch === '=') break;
    const v = B32.indexOf(ch);
    if (v < 0) throw runtimeError(`${describe(s)} is not valid base32 data`);
    acc = ((acc << 5) | v) & 0xfff;
    nbits += 5;
    if (nbits >= 8) {
      nbits -= 8;
      bytes.push((acc >> nbits) & 255);
    }
  }
  return decodeUtf8(bytes);
}

/**
 * UTF-8 → string the way jq's jvp_utf8_next does it: a malformed sequence (bad lead byte, missing
 * continuation, overlong form, surrogate, beyond U+10FFFF) becomes one U+FFFD for the bytes it spans —
 * which is not TextDecoder's "maximal subpart" rule (e.g. ED A0 80 is one U+FFFD in jq, three in TextDecoder).
 */
export function decodeUtf8(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b < 0xc2 ? 0 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : b < 0xf5 ? 4 : 0;
    if (len === 1) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    if (len === 0) {
      out += '\ufffd'; // continuation byte out of place, or a byte that never starts a sequence
      i++;
      continue;
    }
    if (i + len > bytes.length) {
      out += '\ufffd'; // the string ends inside the sequence
      break;
    }
    let cp = b & (0xff >> (len + 1));
    let used = 1;
    for (; used < len; used++) {
      const c = bytes[i + used];
      if ((c & 0xc0) !== 0x80) break;
      cp = (cp << 6) | (c & 0x3f);
    }
    const bad = used < len || cp < [0, 0, 0x80, 0x800, 0x10000][len] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff;
    out += bad ? '\ufffd' : String.fromCodePoint(cp);
    i += used;
  }
  return out;
}

const NAMES = new Set(['text', 'json', 'csv', 'tsv', 'html', 'uri', 'sh', 'base64', 'base64d', 'base32', 'base32d']);

/** Whether `@name` exists (`format` throws `<name> is not a valid format` otherwise). */
export function isFormat(name: string): boolean {
  return NAMES.has(name);
}

/** `@name` applied to `input`. Throws jq's error for an unknown format or an input the format rejects. */
export function format(name: string, input: Json): string {
  switch (name) {
    case 'text':
      return tostring(input);
    case 'json':
      return stringify(input);
    case 'csv':
    case 'tsv':
      return row(input, name === 'csv');
    case 'html':
      return escape(tostring(input), HTML_ESC);
    case 'uri':
      return uri(tostring(input));
    case 'sh':
      return shell(input);
    case 'base64':
      return base64Encode(encoder.encode(tostring(input)));
    case 'base64d':
      return base64Decode(tostring(input));
    case 'base32':
      return base32Encode(encoder.encode(tostring(input)));
    case 'base32d':
      return base32Decode(tostring(input));
    default:
      throw runtimeError(`${name} is not a valid format`);
  }
}
