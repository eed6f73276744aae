/**
 * jq 1.7.1's JSON text parser (src/jv_parse.c, non-streaming mode, as `fromjson` and `tonumber` call it
 * through jv_parse_sized): the same accepted language, the same messages, the same line/column rules.
 *
 * It is a port of jq's byte-level state machine rather than a grammar because jq's errors depend on it:
 * columns count UTF-8 bytes, a literal is only checked when the byte after it arrives, a top-level value
 * is handed out as soon as it is complete (so `1 2` is "extra values" but `1]` is "Unmatched ']'"), and
 * numbers are decNumber literals (`+1`, `.5`, `1.`, `nan`, `-Infinity` are all numbers to jq 1.7.1).
 */
import { runtimeError } from '../errors.js';
import { type Json, type JsonObject, typeOf } from '../json.js';
import { putKey } from '../paths.js';
import { truncDump } from '../stringify.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // a BOM inside the text is content

/** jq 1.7.1's MAX_PARSING_DEPTH (raised to 10000 only in 1.8). Object keys occupy a stack slot too. */
const MAX_DEPTH = 256;

/** scan()'s "a value is ready" answer; every other non-null answer is an error message. */
const OK = Symbol('output produced');
type Scan = string | null | typeof OK;

/** What one jv_parser_next call yields: a value, an error message (position included), or nothing. */
type Step = { value: Json } | { error: string } | null;

const [NORMAL, STRING, STRING_ESCAPE] = [0, 1, 2];

// Byte classes of jv_parse.c's classify(): everything else (letters, digits, '\v', NUL, UTF-8) is LITERAL.
const [LITERAL, WHITESPACE, STRUCTURE, QUOTE] = [0, 1, 2, 3];

const CLASS = new Uint8Array(256);
for (const c of ' \t\r\n') CLASS[c.charCodeAt(0)] = WHITESPACE;
for (const c of '[,]{:}') CLASS[c.charCodeAt(0)] = STRUCTURE;
CLASS[0x22] = QUOTE;

function hasKeys(o: JsonObject): boolean {
  for (const _k in o) return true;
  return false;
}

class Parser {
  private pos = 0;
  private eof = false;
  /** Open containers, with an object's pending key (a string) above it once its ':' is seen. */
  private readonly stack: Json[] = [];
  /** The value just completed and not yet placed (jq's `p->next`); undefined is jq's jv_invalid(). */
  private next: Json | undefined = undefined;
  private out: Json = null;
  /** Tokens are always contiguous bytes of the input, so a start and a length describe them. */
  private tokStart = 0;
  private tokLen = 0;
  private line = 1;
  private column = 0;
  private st = NORMAL;

  constructor(private readonly bytes: Uint8Array) {}

  /** jv_parser_next: runs until a value is complete, an error, or the end of the text. */
  step(): Step {
    if (this.eof) return null;
    let msg: Scan = null;
    while (msg === null && this.pos < this.bytes.length) msg = this.scan(this.bytes[this.pos++]);
    if (msg === OK) return { value: this.out };
    if (msg !== null) {
      this.eof = true; // jq drops the buffer after an error
      return { error: `${msg} at line ${this.line}, column ${this.column}` };
    }
    this.eof = true;
    const at = `at EOF at line ${this.line}, column ${this.column}`;
    if (this.st !== NORMAL) return { error: `Unfinished string ${at}` };
    const lit = this.checkLiteral();
    if (lit !== null) return { error: `${lit} ${at}` };
    if (this.stack.length) return { error: `Unfinished JSON term ${at}` };
    const v = this.next;
    this.next = undefined;
    return v === undefined ? null : { value: v };
  }

  private scan(ch: number): Scan {
    this.column++;
    if (ch === 0x0a) {
      this.line++;
      this.column = 0;
    }
    let answer: Scan = null;
    let err: string | null;
    if (this.st === NORMAL) {
      const cls = CLASS[ch];
      if (cls !== LITERAL) {
        if ((err = this.checkLiteral()) !== null) return err;
        if (this.checkDone()) answer = OK;
      }
      if (cls === LITERAL) this.tokenAdd();
      else if (cls === QUOTE) this.st = STRING;
      else if (cls === STRUCTURE && (err = this.token(ch)) !== null) return err; // overrides a pending OK
      if (this.checkDone()) answer = OK;
    } else if (ch === 0x22 && this.st === STRING) {
      if ((err = this.foundString()) !== null) return err;
      this.st = NORMAL;
      if (this.checkDone()) answer = OK;
    } else {
      this.tokenAdd();
      this.st = ch === 0x5c && this.st === STRING ? STRING_ESCAPE : STRING;
    }
    return answer;
  }

  private tokenAdd(): void {
    if (this.tokLen === 0) this.tokStart = this.pos - 1;
    this.tokLen++;
  }

  private checkDone(): boolean {
    if (this.stack.length === 0 && this.next !== undefined) {
      this.out = this.next;
      this.next = undefined;
      return true;
    }
    return false;
  }

  private value(v: Json): string | null {
    if (this.next !== undefined) return 'Expected separator between values';
    this.next = v;
    return null;
  }

  /** parse_token: one structural byte. */
  private token(ch: number): string | null {
    const stack = this.stack;
    const top = stack.length ? stack[stack.length - 1] : undefined;
    const topIsObject = top !== undefined && top !== null && typeof top === 'object' && !Array.isArray(top);
    switch (ch) {
      case 0x5b: // [
      case 0x7b: // {
        if (stack.length >= MAX_DEPTH) return 'Exceeds depth limit for parsing';
        if (this.next !== undefined) return 'Expected separator between values';
        stack.push(ch === 0x5b ? [] : {});
        return null;
      case 0x3a: // :
        if (this.next === undefined) return "Expected string key before ':'";
        if (!topIsObject) return "':' not as part of an object";
        if (typeof this.next !== 'string') return 'Object keys must be strings';
        stack.push(this.next);
        this.next = undefined;
        return null;
      case 0x2c: // ,
        if (this.next === undefined) return "Expected value before ','";
        if (top === undefined) return "',' not as part of an object or array";
        if (Array.isArray(top)) top.push(this.next);
        else if (typeof top === 'string') {
          stack.pop();
          putKey(stack[stack.length - 1] as JsonObject, top, this.next);
        } else return 'Objects must consist of key:value pairs'; // {"a", "b"}
        this.next = undefined;
        return null;
      case 0x5d: // ]
        if (!Array.isArray(top)) return "Unmatched ']'";
        if (this.next !== undefined) top.push(this.next);
        else if (top.length !== 0) return 'Expected another array element'; // [1,2,]
        this.next = stack.pop();
        return null;
      default: // }
        if (top === undefined) return "Unmatched '}'";
        if (this.next !== undefined) {
          if (typeof top !== 'string') return 'Objects must consist of key:value pairs';
          stack.pop();
          putKey(stack[stack.length - 1] as JsonObject, top, this.next);
        } else {
          if (!topIsObject) return "Unmatched '}'"; // {"a":}
          if (hasKeys(top as JsonObject)) return 'Expected another key-value pair'; // {"a":1,}
        }
        this.next = stack.pop();
        return null;
    }
  }

  /** check_literal: the pending bare token is true/false/null or else a decNumber literal. */
  private checkLiteral(): string | null {
    if (this.tokLen === 0) return null;
    const b = this.bytes;
    const start = this.tokStart;
    const end = start + this.tokLen;
    const first = b[start];
    let v: Json = null;
    let pattern = first === 0x74 ? 'true' : first === 0x66 ? 'false' : null;
    if (first === 0x27) return `Invalid string literal; expected ", but got '`;
    if (first === 0x6e && this.tokLen > 1 && b[start + 1] === 0x75) pattern = 'null'; // "nan" is a number
    if (pattern !== null) {
      if (this.tokLen !== pattern.length) return 'Invalid literal';
      for (let i = 0; i < pattern.length; i++) if (b[start + i] !== pattern.charCodeAt(i)) return 'Invalid literal';
      v = pattern === 'null' ? null : pattern === 'true';
    } else {
      // decNumberFromString reads a C string (an embedded NUL ends the literal) of ASCII characters only.
      let s = '';
      for (let i = start; i < end && b[i] !== 0; i++) {
        if (b[i] >= 0x80) return 'Invalid numeric literal';
        s += String.fromCharCode(b[i]);
      }
      const n = decNumberLiteral(s);
      if (n === null) return 'Invalid numeric literal';
      v = n;
    }
    return this.accept(v);
  }

  /** found_string: resolves escapes of the raw bytes between the quotes. */
  private foundString(): string | null {
    const b = this.bytes;
    const end = this.tokStart + this.tokLen;
    let plain = true; // no escapes, no control characters: the bytes are the string
    for (let k = this.tokStart; k < end && plain; k++) plain = b[k] !== 0x5c && b[k] >= 0x20;
    if (plain) return this.accept(decoder.decode(b.subarray(this.tokStart, end)));
    const out = new Uint8Array(this.tokLen); // escapes never grow
    let o = 0;
    let i = this.tokStart;
    while (i < end) {
      let c = b[i++];
      if (c !== 0x5c) {
        if (c < 0x20) return 'Invalid string: control characters from U+0000 through U+001F must be escaped';
        out[o++] = c;
        continue;
      }
      if (i >= end) return 'Expected escape character at end of string';
      c = b[i++];
      const simple = SIMPLE_ESCAPES[c];
      if (simple !== undefined) {
        out[o++] = simple;
        continue;
      }
      if (c !== 0x75) return 'Invalid escape';
      if (i + 4 > end) return 'Invalid \\uXXXX escape';
      let cp = unhex4(b, i);
      if (cp < 0) return 'Invalid characters in \\uXXXX escape';
      i += 4;
      if (cp >= 0xd800 && cp <= 0xdbff) {
        if (i + 6 > end || b[i] !== 0x5c || b[i + 1] !== 0x75) return 'Invalid \\uXXXX\\uXXXX surrogate pair escape';
        const low = unhex4(b, i + 2);
        if (!(low >= 0xdc00 && low <= 0xdfff)) return 'Invalid \\uXXXX\\uXXXX surrogate pair escape';
        i += 6;
        cp = 0x10000 + (((cp - 0xd800) << 10) | (low - 0xdc00));
      }
      // A lone \uDCxx becomes U+FFFD, as jq's UTF-8 check of the new string does.
      const bytes = encoder.encode(String.fromCodePoint(cp));
      out.set(bytes, o);
      o += bytes.length;
    }
    return this.accept(decoder.decode(out.subarray(0, o)));
  }

  /** The token became a value: place it and start a new token. */
  private accept(v: Json): string | null {
    const err = this.value(v);
    if (err === null) this.tokLen = 0;
    return err;
  }
}

const SIMPLE_ESCAPES: Record<number, number> = { 0x5c: 0x5c, 0x22: 0x22, 0x2f: 0x2f, 0x62: 8, 0x66: 12, 0x74: 9, 0x6e: 10, 0x72: 13 };

function unhex4(b: Uint8Array, at: number): number {
  let r = 0;
  for (let k = 0; k < 4; k++) {
    const c = b[at + k];
    const n = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (n < 0) return -1;
    r = (r << 4) | n;
  }
  return r;
}

const DEC_FINITE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const DEC_INFINITE = /^([+-]?)inf(?:inity)?$/i;
// jq 1.7.1 rejects NaN payloads (`NaN1`) but decNumber already folds `NaN000` into a plain NaN.
const DEC_NAN = /^[+-]?s?nan0*$/i;

/**
 * A literal in decNumberFromString's syntax, converted the way jq 1.7.1 turns a literal into a double:
 * decNumberReduce to 17 significant digits, rounding half-even, then strtod (so 18+ digit literals can
 * round differently from a direct conversion, as in jq).
 */
function decNumberLiteral(s: string): number | null {
  const m = DEC_FINITE.exec(s);
  if (m === null) {
    if (DEC_NAN.test(s)) return NaN;
    const inf = DEC_INFINITE.exec(s);
    return inf === null ? null : inf[1] === '-' ? -Infinity : Infinity;
  }
  const frac = m[3] ?? '';
  if (m[2].length + frac.length === 0) return null;
  if (m[2].length + frac.length <= 17) return Number(s); // nothing to round: JavaScript reads the same syntax
  const neg = m[1] === '-';
  let digits = (m[2] + frac).replace(/^0+/, '');
  if (digits === '') return neg ? -0 : 0;
  const e = m[4] ?? '0';
  // Exponents beyond any double's reach only need their sign; clamp so the arithmetic stays exact.
  let exp = (/^[+-]?0*\d{1,9}$/.test(e) ? Number(e) : e.startsWith('-') ? -1e9 : 1e9) - frac.length;
  if (digits.length > 17) {
    const rest = digits.slice(17);
    let keep = digits.slice(0, 17);
    exp += digits.length - 17;
    const tie = rest[0] === '5' && /^50*$/.test(rest);
    if (rest[0] > '5' || (rest[0] === '5' && !tie) || (tie && (keep.charCodeAt(16) & 1) === 1)) keep = (BigInt(keep) + 1n).toString();
    digits = keep;
  }
  if (exp + digits.length > 400) return neg ? -Infinity : Infinity;
  if (exp + digits.length < -400) return neg ? -0 : 0;
  return Number(`${neg ? '-' : ''}${digits}e${exp}`);
}

/** jv_parse_sized's wrapper message quotes the text with `%s`, so it stops at an embedded NUL. */
function beforeNul(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

function parseError(msg: string, text: string): never {
  throw runtimeError(`${msg} (while parsing '${beforeNul(text)}')`);
}

/** Parses one JSON text like jq 1.7.1's jv_parse_sized; throws jq's message on anything else. */
export function parseJsonText(text: string): Json {
  let bytes = encoder.encode(text); // a lone surrogate becomes U+FFFD, as it would be in a jq string
  // jv_parser_set_buf drops one leading UTF-8 BOM; a first byte 0xEF that does not start one is an error.
  if (bytes[0] === 0xef) {
    if (bytes[1] !== 0xbb || bytes[2] !== 0xbf) parseError('Malformed BOM', text);
    bytes = bytes.subarray(3);
  }
  const parser = new Parser(bytes);
  const first = parser.step();
  if (first === null) parseError('Expected JSON value', text);
  if ('error' in first) parseError(first.error, text);
  const second = parser.step();
  if (second !== null) parseError('error' in second ? second.error : 'Unexpected extra JSON values', text);
  return first.value;
}

/** jq's `fromjson`. */
export function fromjson(v: Json): Json {
  if (typeof v !== 'string') throw runtimeError(`${typeOf(v)} (${truncDump(v)}) only strings can be parsed`);
  return parseJsonText(v);
}

/** jq 1.7.1's `tonumber`: jv_parse of the string (up to a NUL, it is read with strlen), numbers only. */
export function tonumber(v: Json): Json {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = parseJsonText(beforeNul(v)); // a parse error is tonumber's error
    if (typeof n === 'number') return n;
  }
  throw runtimeError(`${typeOf(v)} (${truncDump(v)}) cannot be parsed as a number`);
}
