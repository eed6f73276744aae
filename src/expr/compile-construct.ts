/**
 * Construction: arrays `[…]`, objects `{…}` and strings with interpolation (`"a\(.b)"`, `@base64 "…"`).
 * For objects the first entry is the outer loop (and within an entry its key); for strings the last
 * interpolation is, as in jq.
 */
import type { Node } from './ast.js';
import { checkArrayLength, checkString } from './budget.js';
import type { NodeCompiler as Compiler } from './node-compiler.js';
import { runtimeError } from './errors.js';
import { type Json, type JsonObject, typeOf } from './json.js';
import { format as applyFormat, tostring } from './natives/formats.js';
import { putKey } from './paths.js';
import { type Code, single, valuesOnly } from './runtime.js';
import type { Scope } from './scope.js';
import { truncDump } from './stringify.js';

export function collectArray(body: Code): Code {
  if (body.one) {
    const b = body.one;
    return single((i, e) => [b(i, e)]);
  }
  return single((i, e) => {
    const out: Json[] = [];
    body.gen(i, e, (v) => {
      if (out.push(v) % 65536 === 0) checkArrayLength(out.length);
    });
    checkArrayLength(out.length);
    return out;
  });
}

export function compileString(c: Compiler, parts: (string | Node)[], format: string | null, scope: Scope | null): Code {
  const fmt = format ?? 'text';
  const lits: string[] = [];
  const codes: Code[] = [];
  let buf = '';
  for (const part of parts) {
    if (typeof part === 'string') buf += part;
    else {
      lits.push(buf);
      buf = '';
      codes.push(c.compile(part, scope));
    }
  }
  lits.push(buf);
  const render = (v: Json) => (fmt === 'text' ? tostring(v) : applyFormat(fmt, v));
  if (codes.every((code) => code.one)) {
    return single((i, e) => {
      let s = lits[0];
      for (let k = 0; k < codes.length; k++) s += render(codes[k].one!(i, e)) + lits[k + 1];
      return checkString(s);
    });
  }
  // The last interpolation is the outer loop, as in jq.
  return valuesOnly((i, e, emit) => {
    const go = (k: number, acc: string): void => {
      if (k < 0) {
        emit(checkString(lits[0] + acc));
        return;
      }
      codes[k].gen(i, e, (v) => go(k - 1, render(v) + lits[k + 1] + acc));
    };
    go(codes.length - 1, '');
  });
}

export function compileObject(c: Compiler, entries: { key: Node; value: Node }[], scope: Scope | null): Code {
  const keys: Code[] = [];
  const values: Code[] = [];
  for (const en of entries) {
    if (en.key.kind === 'literal' && typeof en.key.value !== 'string') {
      const v = en.key.value;
      c.fail(`Cannot use ${typeOf(v)} (${truncDump(v)}) as object key`, en.key);
    }
    keys.push(c.compile(en.key, scope));
    values.push(c.compile(en.value, scope));
  }
  const n = entries.length;
  if (keys.every((k) => k.one) && values.every((v) => v.one)) {
    const literalKeys = entries.map((en) => (en.key.kind === 'literal' && en.key.value !== '__proto__' ? (en.key.value as string) : null));
    return single((i, e) => {
      const o: JsonObject = {};
      for (let k = 0; k < n; k++) {
        const lk = literalKeys[k];
        if (lk !== null) o[lk] = values[k].one!(i, e);
        else putKey(o, objectKey(keys[k].one!(i, e)), values[k].one!(i, e));
      }
      return o;
    });
  }
  // First entry outermost; within an entry the key is the outer loop.
  return valuesOnly((i, e, emit) => {
    const kv: [string, Json][] = new Array(n);
    const go = (k: number): void => {
      if (k === n) {
        const o: JsonObject = {};
        for (const [key, v] of kv) putKey(o, key, v);
        emit(o);
        return;
      }
      keys[k].gen(i, e, (key) => {
        const ks = objectKey(key);
        values[k].gen(i, e, (v) => {
          kv[k] = [ks, v];
          go(k + 1);
        });
      });
    };
    go(0);
  });
}

function objectKey(k: Json): string {
  if (typeof k !== 'string') {
    throw runtimeError(`Cannot use ${typeOf(k)} (${truncDump(k)}) as object key`);
  }
  return k;
}
