/** Value builtins (jq's C functions): length, keys, has, contains, strings, sorting, JSON text. */
import { add, splitString } from '../arith.js';
import { checkString, tick } from '../budget.js';
import { compare, equals, sortedKeys } from '../compare.js';
import { runtimeError } from '../errors.js';
import { type Json, type JsonObject, isObject, typeOf } from '../json.js';
import { delpaths, setpath } from '../paths.js';
import { codepointLength, explode } from '../strings.js';
import { stringify, truncDump } from '../stringify.js';
import { tostring } from './formats.js';

type Fn = (input: Json, ...args: Json[]) => Json;

const describe = (v: Json) => `${typeOf(v)} (${truncDump(v)})`;

function length(v: Json): Json {
  if (v === null) return 0;
  if (typeof v === 'boolean') throw runtimeError(`${describe(v)} has no length`);
  if (typeof v === 'number') return Math.abs(v);
  if (typeof v === 'string') return codepointLength(v);
  if (Array.isArray(v)) return v.length;
  return Object.keys(v).length;
}

function keys(v: Json, sorted: boolean): Json {
  if (isObject(v)) return sorted ? sortedKeys(v) : Object.keys(v);
  if (Array.isArray(v)) return v.map((_, i) => i);
  throw runtimeError(`${describe(v)} has no keys`);
}

function has(t: Json, k: Json): Json {
  if (t === null) return false;
  if (isObject(t) && typeof k === 'string') return Object.prototype.hasOwnProperty.call(t, k);
  if (Array.isArray(t) && typeof k === 'number') {
    const i = Math.trunc(k);
    return i >= 0 && i < t.length;
  }
  throw runtimeError(`Cannot check whether ${typeOf(t)} has a ${typeOf(k)} key`);
}

/** jq kinds: true and false are different kinds, so `true | contains(false)` is an error. */
function kind(v: Json): string {
  return typeof v === 'boolean' ? String(v) : typeOf(v);
}

export function contains(a: Json, b: Json): boolean {
  if (kind(a) !== kind(b)) throw runtimeError(`${describe(a)} and ${describe(b)} cannot have their containment checked`);
  if (isObject(a)) {
    const bo = b as JsonObject;
    return Object.keys(bo).every((k) => Object.prototype.hasOwnProperty.call(a, k) && contains(a[k], bo[k]));
  }
  if (Array.isArray(a)) return (b as Json[]).every((bv) => a.some((av) => kind(av) === kind(bv) && contains(av, bv)));
  if (typeof a === 'string') return a.includes(b as string);
  return equals(a, b);
}

function stringsOnly(name: string, ...vs: Json[]): string[] {
  for (const v of vs) if (typeof v !== 'string') throw runtimeError(`${name}() requires string inputs`);
  return vs as string[];
}

const WS = /^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g;
function trim(v: Json, which: 'both' | 'left' | 'right'): Json {
  if (typeof v !== 'string') throw runtimeError(`${describe(v)} trim input must be a string`);
  if (which === 'left') return v.replace(/^[ \t\n\r\f\v]+/, '');
  if (which === 'right') return v.replace(/[ \t\n\r\f\v]+$/, '');
  return v.replace(WS, '');
}

function implode(v: Json): Json {
  if (!Array.isArray(v)) throw runtimeError('implode input must be an array');
  let s = '';
  for (const c of v) {
    if (typeof c !== 'number') throw runtimeError(`${describe(c)} can't be imploded, unicode codepoint needs to be numeric`);
    const cp = Math.trunc(c);
    // Like jq, a value that is not a Unicode scalar becomes U+FFFD rather than an error.
    s += cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\ufffd' : String.fromCodePoint(cp);
  }
  return checkString(s);
}

function join(v: Json, sep: Json): Json {
  const items = Array.isArray(v) ? v : isObject(v) ? Object.values(v) : null;
  if (!items) throw runtimeError(v === null ? 'Cannot iterate over null' : `Cannot iterate over ${describe(v)}`);
  let acc: Json = null;
  for (const x of items) {
    const piece = typeof x === 'boolean' || typeof x === 'number' ? stringify(x) : x === null ? '' : x;
    acc = add(acc === null ? '' : add(acc, sep), piece);
    if (typeof acc === 'string') checkString(acc);
  }
  return acc === null || acc === false ? '' : acc;
}

/** jq defines these through `explode`, hence the message. */
function asciiCase(v: Json, upper: boolean): Json {
  if (typeof v !== 'string') throw runtimeError('explode input must be a string');
  return v.replace(upper ? /[a-z]+/g : /[A-Z]+/g, (m) => (upper ? m.toUpperCase() : m.toLowerCase()));
}


function sortable(v: Json): Json[] {
  if (!Array.isArray(v)) throw runtimeError(`${describe(v)} cannot be sorted, as it is not an array`);
  chargeSort(v.length);
  return v;
}

/** A sort costs n·log n comparisons: counted against the expression's budget before it starts. */
function chargeSort(n: number): void {
  if (n > 1) tick(Math.ceil(n * Math.log2(n)));
}

function pairOfArrays(v: Json, ks: Json, why: string): [Json[], Json[]] {
  if (!Array.isArray(v) || !Array.isArray(ks)) throw runtimeError(`${describe(v)} and ${describe(ks)} ${why}`);
  return [v, ks];
}

/** Indices of `items` ordered by `keys` (parallel arrays), stable. */
function order(keys: Json[]): number[] {
  chargeSort(keys.length);
  return keys.map((_, i) => i).sort((x, y) => compare(keys[x], keys[y]) || x - y);
}

function sortBy(v: Json, ks: Json): Json[] {
  const [items, keys] = pairOfArrays(v, ks, 'cannot be sorted, as they are not both arrays');
  return order(keys).map((i) => items[i]);
}

function groupBy(v: Json, ks: Json): Json {
  const [items, keys] = pairOfArrays(v, ks, 'cannot be sorted, as they are not both arrays');
  const groups: Json[][] = [];
  let last: Json | undefined;
  for (const i of order(keys)) {
    if (groups.length && equals(last!, keys[i])) groups[groups.length - 1].push(items[i]);
    else groups.push([items[i]]);
    last = keys[i];
  }
  return groups;
}

/** jq keeps the first minimum and the last maximum. */
function minMaxBy(v: Json, ks: Json, isMin: boolean): Json {
  const [items, keys] = pairOfArrays(v, ks, 'cannot be iterated over');
  if (items.length === 0) return null;
  let best = 0;
  for (let i = 1; i < items.length; i++) {
    const c = compare(keys[i], keys[best]);
    if (isMin ? c < 0 : c >= 0) best = i;
  }
  return items[best];
}

function reverse(v: Json): Json {
  if (typeof v === 'string') return Array.from(v).reverse().join('');
  if (Array.isArray(v)) return v.slice().reverse();
  if (v === null) return [];
  if (length(v) === 0) return [];
  throw runtimeError(`Cannot index ${typeOf(v)} with number`);
}

/** UTF-8 byte offsets (as in jq 1.7.1) of every occurrence of `sub` in `s`, overlapping ones included. */
function strindices(s: Json, sub: Json): Json {
  if (typeof s !== 'string' || typeof sub !== 'string') throw runtimeError('_strindices/1 requires string inputs');
  const out: number[] = [];
  if (sub === '') return out;
  let bytes = 0;
  let from = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
    bytes += utf8Length(s.slice(from, i));
    from = i;
    out.push(bytes);
  }
  return out;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

function split1(s: Json, sep: Json): Json {
  if (typeof s !== 'string' || typeof sep !== 'string') throw runtimeError('split input and separator must be strings');
  return splitString(s, sep);
}

function ascii(v: Json): Json {
  if (typeof v !== 'number' || v < 0 || v > 127) throw runtimeError(`${describe(v)} is not an ASCII codepoint`);
  return String.fromCharCode(v);
}

export const CORE: Record<string, Fn> = {
  'length/0': length,
  'utf8bytelength/0': (v) => {
    if (typeof v !== 'string') throw runtimeError(`${describe(v)} only strings have UTF-8 byte length`);
    return utf8Length(v);
  },
  'keys/0': (v) => keys(v, true),
  'keys_unsorted/0': (v) => keys(v, false),
  'has/1': has,
  'contains/1': contains,
  'startswith/1': (v, s) => {
    const [a, b] = stringsOnly('startswith', v, s);
    return a.startsWith(b);
  },
  'endswith/1': (v, s) => {
    const [a, b] = stringsOnly('endswith', v, s);
    return a.endsWith(b);
  },
  'ltrimstr/1': (v, s) => (typeof v === 'string' && typeof s === 'string' && v.startsWith(s) ? v.slice(s.length) : v),
  'rtrimstr/1': (v, s) => (typeof v === 'string' && typeof s === 'string' && v.endsWith(s) && s !== '' ? v.slice(0, v.length - s.length) : v),
  'trim/0': (v) => trim(v, 'both'),
  'ltrim/0': (v) => trim(v, 'left'),
  'rtrim/0': (v) => trim(v, 'right'),
  'explode/0': (v) => {
    if (typeof v !== 'string') throw runtimeError('explode input must be a string');
    return explode(v);
  },
  'implode/0': implode,
  'split/1': split1,
  'join/1': join,
  'ascii_downcase/0': (v) => asciiCase(v, false),
  'ascii_upcase/0': (v) => asciiCase(v, true),
  'ascii/0': ascii,
  'tostring/0': (v) => checkString(tostring(v)),
  'tojson/0': (v) => checkString(stringify(v)),
  'type/0': (v) => typeOf(v),
  'sort/0': (v) => sortable(v).slice().sort(compare),
  '_sort_by_impl/1': sortBy,
  '_group_by_impl/1': groupBy,
  '_min_by_impl/1': (v, k) => minMaxBy(v, k, true),
  '_max_by_impl/1': (v, k) => minMaxBy(v, k, false),
  'min/0': (v) => minMaxBy(v, v, true),
  'max/0': (v) => minMaxBy(v, v, false),
  'reverse/0': reverse,
  '_strindices/1': strindices,
  'setpath/2': (v, p, x) => setpath(v, p, x),
  'delpaths/1': (v, ps) => delpaths(v, ps),
  'toarray/0': (v) => (Array.isArray(v) ? v : [v]),
  'have_decnum/0': () => false,
  'have_literal_numbers/0': () => false,
};
