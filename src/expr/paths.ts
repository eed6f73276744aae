/**
 * Indexing and path updates with jq's rules (jv_get / jv_set / jv_setpath / jv_delpaths). Values are
 * never mutated: an update copies the containers along the path and shares everything else.
 */
import { compare, equals } from './compare.js';
import { runtimeError } from './errors.js';
import { type Json, type JsonObject, isObject, typeOf } from './json.js';
import { codepointLength, codepointSlice } from './strings.js';

const SLICE_INDICES = 'Array/string slice indices must be integers';

/** Own-property lookup; `{}.constructor` must be null, not Object. */
export function getKey(o: JsonObject, k: string): Json {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : null;
}

/** Sets an own property, `__proto__` included, on a fresh (unshared) object. */
export function putKey(o: JsonObject, k: string, v: Json): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

export function copyObject(o: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(o)) putKey(out, k, o[k]);
  return out;
}

/** Resolves a `{start, end}` slice key against a length; null when the bounds are not numbers. */
export function sliceBounds(len: number, key: JsonObject): [number, number] | null {
  let s = getKey(key, 'start');
  let e = getKey(key, 'end');
  if (s === null) s = 0;
  if (e === null) e = len;
  if (typeof s !== 'number' || typeof e !== 'number') return null;
  if (s < 0) s += len;
  if (e < 0) e += len;
  if (s < 0) s = 0;
  if (s > len) s = len;
  const start = Math.trunc(s);
  let end = e > len ? len : Math.trunc(e);
  if (end < e) end += 1; // ends are exclusive, so :1.5 means :2
  if (end > len) end = len;
  if (end < start) end = start;
  return [start, end];
}

function indexName(k: Json): string {
  if (typeof k === 'string' && new TextEncoder().encode(k).length < 30) return `string "${k}"`;
  return typeOf(k);
}

function indices(a: Json[], sub: Json[]): Json {
  const out: number[] = [];
  if (sub.length === 0) return out;
  for (let i = 0; i + sub.length <= a.length; i++) {
    let ok = true;
    for (let j = 0; j < sub.length && ok; j++) ok = equals(a[i + j], sub[j]);
    if (ok) out.push(i);
  }
  return out;
}

export function index(t: Json, k: Json): Json {
  if (isObject(t) && typeof k === 'string') return getKey(t, k);
  if (Array.isArray(t)) {
    if (typeof k === 'number') {
      if (Number.isNaN(k)) return null;
      let i = Math.trunc(k); // jq 1.7.1 truncates a fractional index, then counts negatives from the end
      if (i < 0) i += t.length;
      return i >= 0 && i < t.length ? t[i] : null;
    }
    if (isObject(k)) {
      const b = sliceBounds(t.length, k);
      if (!b) throw runtimeError(SLICE_INDICES);
      return t.slice(b[0], b[1]);
    }
    if (Array.isArray(k)) return indices(t, k);
  }
  if (typeof t === 'string' && isObject(k)) {
    const b = sliceBounds(codepointLength(t), k);
    if (!b) throw runtimeError(SLICE_INDICES);
    return codepointSlice(t, b[0], b[1]);
  }
  if (t === null && (typeof k === 'string' || typeof k === 'number' || isObject(k))) return null;
  throw runtimeError(`Cannot index ${typeOf(t)} with ${indexName(k)}`);
}

export function set(t: Json, k: Json, v: Json): Json {
  const isNull = t === null;
  if (typeof k === 'string' && (isNull || isObject(t))) {
    const o = isNull ? {} : copyObject(t as JsonObject);
    putKey(o, k, v);
    return o;
  }
  if (typeof k === 'number' && (isNull || Array.isArray(t))) {
    const a = isNull ? [] : (t as Json[]).slice();
    let i = Math.trunc(k);
    if (i < 0) i += a.length;
    if (i < 0) throw runtimeError('Out of bounds negative array index');
    while (a.length < i) a.push(null);
    a[i] = v;
    return a;
  }
  if (isObject(k) && (isNull || Array.isArray(t))) {
    const a = isNull ? [] : (t as Json[]);
    const b = sliceBounds(a.length, k);
    if (!b) throw runtimeError(SLICE_INDICES);
    if (!Array.isArray(v)) throw runtimeError('A slice of an array can only be assigned another array');
    return [...a.slice(0, b[0]), ...v, ...a.slice(b[1])];
  }
  throw runtimeError(`Cannot update field at ${typeOf(k)} index of ${typeOf(t)}`);
}

export function getpath(t: Json, path: Json): Json {
  if (!Array.isArray(path)) throw runtimeError('Path must be specified as an array');
  let cur = t;
  for (const k of path) {
    if (cur === null) return null;
    cur = index(cur, k);
  }
  return cur;
}

export function setpath(t: Json, path: Json, v: Json): Json {
  if (!Array.isArray(path)) throw runtimeError('Path must be specified as an array');
  return setpathFrom(t, path, 0, v);
}

function setpathFrom(t: Json, path: Json[], i: number, v: Json): Json {
  if (i === path.length) return v;
  const k = path[i];
  return set(t, k, setpathFrom(index(t, k), path, i + 1, v));
}

/** Applies `f` to the value at `path` (jq's `_modify` for one path); `undefined` from `f` deletes it. */
export function updatePath(t: Json, path: Json[], f: (old: Json) => Json | undefined): Json {
  const old = getpath(t, path);
  const nv = f(old);
  return nv === undefined ? delpaths(t, [path]) : setpath(t, path, nv);
}

export function delpaths(t: Json, paths: Json): Json {
  if (!Array.isArray(paths)) throw runtimeError('Paths must be specified as an array');
  for (const p of paths) {
    if (!Array.isArray(p)) throw runtimeError(`Path must be specified as array, not ${typeOf(p)}`);
  }
  if (paths.length === 0) return t;
  const sorted = (paths as Json[][]).slice().sort(compare);
  if (sorted[0].length === 0) return null;
  return delSorted(t, sorted, 0);
}

function delSorted(t: Json, paths: Json[][], depth: number): Json {
  const whole: Json[] = [];
  let cur = t;
  for (let i = 0; i < paths.length; ) {
    const key = paths[i][depth];
    let j = i;
    while (j < paths.length && equals(key, paths[j][depth])) j++;
    if (paths[i].length === depth + 1) whole.push(key);
    else {
      const sub = index(cur, key);
      if (sub !== null) cur = set(cur, key, delSorted(sub, paths.slice(i, j), depth + 1));
    }
    i = j;
  }
  return deleteKeys(cur, whole);
}

/** jv_dels: removes keys (sorted) from one container. */
function deleteKeys(t: Json, keys: Json[]): Json {
  if (t === null || keys.length === 0) return t;
  if (Array.isArray(t)) {
    const drop = new Set<number>();
    for (const k of keys) {
      if (typeof k === 'number') {
        const i = Math.trunc(k < 0 ? t.length + k : k);
        if (i >= 0 && i < t.length) drop.add(i);
      } else if (isObject(k)) {
        const b = sliceBounds(t.length, k);
        if (!b) throw runtimeError(SLICE_INDICES);
        for (let i = b[0]; i < b[1]; i++) drop.add(i);
      } else throw runtimeError(`Cannot delete ${typeOf(k)} element of array`);
    }
    return t.filter((_, i) => !drop.has(i));
  }
  if (isObject(t)) {
    const o = copyObject(t);
    for (const k of keys) {
      if (typeof k !== 'string') throw runtimeError(`Cannot delete ${typeOf(k)} field of object`);
      delete o[k];
    }
    return o;
  }
  throw runtimeError(`Cannot delete fields from ${typeOf(t)}`);
}
