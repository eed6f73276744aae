/**
 * jq's total order: null < false < true < numbers < strings < arrays < objects. Strings compare by
 * codepoint (jq compares UTF-8 bytes, which orders like codepoints), objects first by their sorted key
 * sets, then by the values under those keys.
 */
import { type Json, type JsonObject } from './json.js';

function rank(v: Json): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return v ? 2 : 1;
    case 'number':
      return 3;
    case 'string':
      return 4;
    default:
      return Array.isArray(v) ? 5 : 6;
  }
}

/** UTF-16 code units do not sort like codepoints above U+D7FF; this fixes the order of surrogates. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

export function sortedKeys(o: JsonObject): string[] {
  return Object.keys(o).sort(compareStrings);
}

export function compare(a: Json, b: Json): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 3: {
      const x = a as number;
      const y = b as number;
      // jq sorts nan below every number, itself included (so `nan < nan` is true and `nan == nan` false).
      if (x !== x) return -1;
      if (y !== y) return 1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 4:
      return compareStrings(a as string, b as string);
    case 5: {
      const x = a as Json[];
      const y = b as Json[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compare(x[i], y[i]);
        if (c) return c;
      }
      return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
    }
    case 6: {
      const x = a as JsonObject;
      const y = b as JsonObject;
      const kx = sortedKeys(x);
      const ky = sortedKeys(y);
      const c = compare(kx, ky);
      if (c) return c;
      for (const k of kx) {
        const d = compare(x[k], y[k]);
        if (d) return d;
      }
      return 0;
    }
    default:
      return 0;
  }
}

export function equals(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return compare(a, b) === 0;
}
