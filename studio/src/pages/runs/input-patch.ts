/**
 * The redrive dialog's input patch: the text parsed as a JSON merge patch (RFC 7386), applied to the run's
 * input the way the server will apply it, and the difference shown before confirming — so a typo in a
 * field name (a new field instead of a corrected one) is seen before the run goes on with it.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export type PatchParse = { ok: true; patch: Record<string, Json> | undefined } | { ok: false; message: string };

/** Empty text is no patch; anything else must be a JSON object (the server refuses other patches). */
export function parsePatch(text: string): PatchParse {
  if (!text.trim()) return { ok: true, patch: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON: ${(e as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'the patch must be a JSON object, e.g. {"amount": 10}' };
  return { ok: true, patch: value as Record<string, Json> };
}

const isObject = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** RFC 7386, as the server applies it: objects merge key by key, `null` removes a key, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v);
  }
  return out;
}

export interface InputChange {
  /** JSON pointer of the field (`/address/street`). */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** The fields that differ between `before` and `after`, depth-first in key order (objects descend, other values compare whole). */
export function inputChanges(before: unknown, after: unknown, path = ''): InputChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => {
      const p = `${path}/${escape(k)}`;
      if (!(k in after)) return [{ path: p, kind: 'removed' as const, before: before[k] }];
      if (!(k in before)) return [{ path: p, kind: 'added' as const, after: after[k] }];
      return inputChanges(before[k], after[k], p);
    });
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: path || '/', kind: 'changed', before, after }];
}
