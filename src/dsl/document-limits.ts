/**
 * The bounds every document (workflow, event type, subscription) is parsed within, and the cheap checks
 * that enforce them before the expensive work. A document comes from anyone with a key, and the parser
 * runs on the server's one event loop: its cost must be bounded by these numbers, not by the text.
 *
 * Costs measured on this code (yaml 2.x, a loaded 2-core machine): the YAML parser spends ~10–30 µs per
 * line, JSON.parse ~0.5–2 µs per entry; the bounds below keep the parse of the largest accepted document
 * near 130 ms there (tens of ms on an idle core), and refuse a hostile one (a 60,000-key mapping, a
 * megabyte of `[[[[`) after a linear scan of its text, in under 20 ms.
 */

export interface DocumentLimits {
  /** UTF-8 bytes of the text. */
  maxBytes: number;
  /**
   * UTF-8 bytes of a text that is not strict JSON: the YAML lexer costs ~0.1–0.3 µs per byte where
   * JSON.parse costs ~0.01, so large documents are sent as JSON.
   */
  maxYamlBytes: number;
  /**
   * Lines, flow entries and flow collections of a text that is not strict JSON, counted by a scan
   * before the YAML parser runs (its cost is ~10 µs per line, JSON.parse's well under 1 µs per entry).
   */
  maxYamlLines: number;
  /** Nesting of mappings and sequences (the document itself is level 0). */
  maxDepth: number;
  /** Mapping entries plus sequence items, aliases counted as the entries they expand to. */
  maxEntries: number;
  /** YAML alias nodes (`*name`), and separately anchors (`&name`). */
  maxAliases: number;
}

/**
 * A 700-task workflow with input schemas is ~7,700 entries and 30 levels deep; the bounds leave room
 * for that and refuse what no author writes by hand.
 */
export const DEFAULT_DOCUMENT_LIMITS: Readonly<DocumentLimits> = Object.freeze({ maxBytes: 1024 * 1024, maxYamlBytes: 256 * 1024, maxYamlLines: 5_000, maxDepth: 128, maxEntries: 20_000, maxAliases: 100 });

/** A bound crossed: where (a character offset into the text, or a JSON pointer) and what. */
export interface LimitProblem {
  message: string;
  offset?: number;
  pointer?: string;
  /** Which rule: a size/count bound, a key that could pollute prototypes, a YAML tag. */
  kind: 'limit' | 'unsafe-key' | 'tag' | 'duplicate-key' | 'cycle';
}

/**
 * Keys refused anywhere in a document: `__proto__` (assigned through `obj[key] = v` it replaces the
 * prototype; kept as an own property it waits for a spread or Object.assign downstream to do so), and
 * `constructor` holding a `prototype` (the other path deep-merge utilities follow). The same rule as
 * the gateway's JSON parser (secure-json-parse), for documents that are YAML or come from files.
 */
export function unsafeKey(key: string, value: unknown): boolean {
  if (key === '__proto__') return true;
  return key === 'constructor' && value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'prototype');
}

export const unsafeKeyMessage = (key: string) =>
  key === '__proto__' ? 'the key "__proto__" is not accepted (it could replace an object\'s prototype)' : 'a "constructor" key holding "prototype" is not accepted (it could reach an object\'s prototype)';

/** RFC 6901 pointer of a key path. */
export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * A parsed JSON value within the limits? Iterative (a stack of frames, no recursion), one visit per
 * node, stops at the first problem.
 */
export function checkValue(root: unknown, limits: DocumentLimits): LimitProblem | undefined {
  let entries = 0;
  // Each frame: the value, its depth, the path to it (built only for containers; scalars need none).
  const stack: [unknown, number, (string | number)[]][] = [[root, 0, []]];
  while (stack.length) {
    const [value, depth, path] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxDepth) return { kind: 'limit', pointer: pointerOf(path), message: `the document nests deeper than ${limits.maxDepth} levels` };
    if (Array.isArray(value)) {
      entries += value.length;
      if (entries > limits.maxEntries) return tooManyEntries(limits, pointerOf(path));
      for (let i = value.length - 1; i >= 0; i--) if (value[i] !== null && typeof value[i] === 'object') stack.push([value[i], depth + 1, [...path, i]]);
      continue;
    }
    const keys = Object.keys(value);
    entries += keys.length;
    if (entries > limits.maxEntries) return tooManyEntries(limits, pointerOf(path));
    for (let i = keys.length - 1; i >= 0; i--) {
      const child = (value as Record<string, unknown>)[keys[i]];
      if (unsafeKey(keys[i], child)) return { kind: 'unsafe-key', pointer: pointerOf([...path, keys[i]]), message: unsafeKeyMessage(keys[i]) };
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1, [...path, keys[i]]]);
    }
  }
  return undefined;
}

export const tooManyEntries = (limits: DocumentLimits, pointer?: string, offset?: number): LimitProblem => ({
  kind: 'limit',
  message: `the document has more than ${limits.maxEntries} entries (mapping keys and sequence items)`,
  ...(pointer === undefined ? {} : { pointer }),
  ...(offset === undefined ? {} : { offset }),
});

/**
 * The cheap first look at a YAML text, linear and allocation-free: refuses a text whose lines, flow
 * separators and flow openings already exceed the entry bound, or whose indentation and flow brackets
 * nest far beyond the depth bound — before the YAML parser, which costs ~100× more per byte, sees it.
 * It over-counts entries (a comment, a comma in prose, a line of a block scalar count too) because the
 * parser's cost is per line as much as per entry; its depth bound is looser than the exact one the
 * parser's stack and the converted value are held to afterwards (yaml-bounded.ts), as it only has to
 * keep the parser away from texts that would be expensive to parse.
 */
export function scanYamlText(text: string, limits: DocumentLimits): LimitProblem | undefined {
  const entryBudget = Math.min(limits.maxYamlLines, limits.maxEntries);
  const depthBudget = 4 * limits.maxDepth;
  let estimate = 0;
  let flow = 0;
  // Indentations of the open block levels (a stack kept as an array with an explicit top).
  const indents: number[] = [];
  let top = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // A line: its indentation, then its content.
    let indent = 0;
    while (i < n && text.charCodeAt(i) === 0x20) {
      i++;
      indent++;
    }
    if (i >= n) break;
    const first = text.charCodeAt(i);
    if (first === 0x0a || first === 0x0d) {
      i++;
      continue;
    }
    let dashes = 0;
    // Every line counts, comments too: the YAML parser's cost is per line as much as per entry.
    if (flow > 0 || first === 0x23) estimate++;
    else {
      while (top > 0 && indents[top - 1] >= indent) top--;
      indents[top++] = indent;
      estimate++;
      // `- - - a` and `? ` nest on one line.
      while (i + 1 < n && (text.charCodeAt(i) === 0x2d || text.charCodeAt(i) === 0x3f) && (text.charCodeAt(i + 1) === 0x20 || text.charCodeAt(i + 1) === 0x0a)) {
        dashes++;
        i += 2;
        while (i < n && text.charCodeAt(i) === 0x20) i++;
      }
      estimate += dashes;
    }
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) break;
      if (c === 0x2c) estimate++;
      else if (c === 0x5b || c === 0x7b) {
        estimate++;
        flow++;
      } else if ((c === 0x5d || c === 0x7d) && flow > 0) flow--;
    }
    if (estimate > entryBudget) return { kind: 'limit', offset: i, message: `the YAML text has more than ${entryBudget} lines, flow entries and collections; send a document this large as JSON` };
    // Block levels may nest twice per indentation step (`a:\n- b:` is a map, a sequence, a map).
    if (2 * top + dashes + flow > depthBudget) return { kind: 'limit', offset: i, message: `the document nests deeper than ${limits.maxDepth} levels` };
  }
  return undefined;
}
