/**
 * Canonical JSON: JSON.stringify's output with object keys sorted at every level, so equal content
 * always hashes equal whatever order a store or a client wrote the keys in. Audit hashes depend on it
 * byte for byte: changing this function invalidates every existing audit chain.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  // JSON.stringify(undefined) is undefined; hashing needs a string for every input.
  return write(value, '', []) ?? 'null';
}

/** SHA-256 (hex) of the canonical JSON: the before/after hash of a deployed or changed thing. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** undefined = "no JSON value" (JSON.stringify omits such members and writes null in arrays). */
function write(input: unknown, key: string, ancestors: object[]): string | undefined {
  let v = input;
  if (v && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'number':
      return JSON.stringify(v);
    case 'bigint':
      throw new TypeError('canonicalJson: a BigInt has no JSON form');
    case 'object':
      break;
    default:
      return undefined;
  }
  const obj = v as object;
  // Only ancestors make a cycle; the same object twice side by side is fine, as in JSON.stringify.
  if (ancestors.includes(obj)) throw new TypeError('canonicalJson: value contains a cycle');
  ancestors.push(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = `[${obj.map((item, i) => write(item, String(i), ancestors) ?? 'null').join(',')}]`;
  } else {
    const rec = obj as Record<string, unknown>;
    const members: string[] = [];
    for (const k of Object.keys(rec).sort()) {
      const text = write(rec[k], k, ancestors);
      if (text !== undefined) members.push(`${JSON.stringify(k)}:${text}`);
    }
    out = `{${members.join(',')}}`;
  }
  ancestors.pop();
  return out;
}
