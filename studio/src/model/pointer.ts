/**
 * JSON pointers (RFC 6901), the way the server addresses tasks: `/do/0/tryGetPet/try/0/getPet`.
 * The studio may not import `src/dsl/pointer.ts` (DESIGN.md §2: studio → nothing of src/), so this is
 * the small subset it needs, kept byte-compatible with the server's convention so that problems, journal
 * entries and run statuses returned by the HTTP API land on the right graph node.
 */

export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  let out = base;
  for (const t of tokens) out += '/' + escapeToken(t);
  return out;
}

/** Splits a pointer into unescaped tokens; `""` is the whole document. Returns null when malformed. */
export function parsePointer(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return null;
  return pointer.slice(1).split('/').map(unescapeToken);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `tokens` below `root`, or undefined. */
export function getAtTokens(root: unknown, tokens: readonly string[]): unknown {
  let node = root;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else if (isObject(node)) {
      if (!Object.prototype.hasOwnProperty.call(node, token)) return undefined;
      node = node[token];
    } else return undefined;
  }
  return node;
}

/** The single key of a task-list item (`{ name: task }`), or null when the item names no task. */
export function entryName(item: unknown): string | null {
  if (!isObject(item)) return null;
  const keys = Object.keys(item);
  return keys.length === 1 ? keys[0] : null;
}
