/**
 * JSON pointers (RFC 6901), the way the server addresses tasks: `/do/0/tryGetPet/try/0/getPet`. The
 * codec is the server's own (src/contracts, the one part of src/ the studio may import: DESIGN.md §2),
 * so that problems, journal entries and run statuses returned by the HTTP API land on the right graph
 * node; the task-list helpers below are the studio's.
 */

export { escapeToken, getAtTokens, joinPointer, unescapeToken } from '../../../src/contracts/index.js';
/** Splits a pointer into unescaped tokens; `""` is the whole document. Returns null when malformed. */
export { splitPointer as parsePointer } from '../../../src/contracts/index.js';

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The single key of a task-list item (`{ name: task }`), or null when the item names no task. */
export function entryName(item: unknown): string | null {
  if (!isObject(item)) return null;
  const keys = Object.keys(item);
  return keys.length === 1 ? keys[0] : null;
}
