/**
 * The JSON-pointer codec (RFC 6901): how problems, journal entries, traces and the studio address a
 * place in a workflow document — `/do/0/tryGetPet/try/0/getPet` is the task `getPet`, first in the `try`
 * list of `tryGetPet`, first in the workflow's `do` list. Written once for the server and the studio
 * (src/contracts/pointer.ts re-exports it; it lives here because the DSL module, which may import only
 * shared, needs it too).
 */

/** Escapes one reference token: `~` → `~0`, `/` → `~1` (in that order, per RFC 6901 §3). */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Reverses escapeToken (`~1` first, so that `~01` decodes to `~1`, per RFC 6901 §4). */
export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Appends tokens to a pointer: `joinPointer('/do', 0, 'a/b')` → `/do/0/a~1b`. */
export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  let out = base;
  for (const t of tokens) out += '/' + escapeToken(t);
  return out;
}

/** Splits a pointer into unescaped tokens; `""` is the whole document (no tokens); null when it is not a pointer. */
export function splitPointer(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return null;
  return pointer.slice(1).split('/').map(unescapeToken);
}

/** The value at `tokens` below `root` (array items by canonical index, own object keys), or undefined. */
export function getAtTokens(root: unknown, tokens: readonly string[]): unknown {
  let node = root;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else if (typeof node === 'object' && node !== null) {
      if (!Object.prototype.hasOwnProperty.call(node, token)) return undefined;
      node = (node as Record<string, unknown>)[token];
    } else return undefined;
  }
  return node;
}
