/**
 * Text → data. Workflows are YAML or JSON; JSON is valid YAML 1.2, so one parser would do, but JSON
 * documents take JSON.parse first (exact JSON semantics, faster on large documents) and fall back to
 * the YAML parser for error positions and for the lenient JSON that YAML accepts (comments, trailing
 * commas). No I/O: callers read the file.
 */
import type { YAMLError } from 'yaml';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits, type LimitProblem, checkValue, scanYamlText } from './document-limits.js';
import { type Problem, DSL_PROBLEM_CODES, problem } from './errors.js';
import { parseYamlBounded } from './yaml-bounded.js';

export interface ParseOptions {
  /** Shown in syntax-error messages (`workflow.yaml:3:5`). */
  filename?: string;
  /** Bounds on the document (DEFAULT_DOCUMENT_LIMITS for what is not given). */
  limits?: Partial<DocumentLimits>;
}

export interface ParseResult {
  /** The parsed document; absent when the text has syntax errors or crosses a bound. */
  document?: unknown;
  problems: Problem[];
}

/** Kept for callers that bound their own walks by the document depth. */
export const MAX_DEPTH = DEFAULT_DOCUMENT_LIMITS.maxDepth;

/**
 * Parses YAML or JSON within `opts.limits` (size, depth, entries, aliases; no YAML tags, no
 * `__proto__` keys, unique keys), in time linear in the text: every bound is checked before or while
 * the work it bounds is done, so a hostile text costs a scan, not a parse.
 */
export function parseDocument(text: string, opts: ParseOptions = {}): ParseResult {
  const limits: DocumentLimits = { ...DEFAULT_DOCUMENT_LIMITS, ...opts.limits };
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const bytes = utf8Length(source, Math.max(limits.maxBytes, limits.maxYamlBytes));
  if (bytes > limits.maxBytes) return refused(source, opts, { kind: 'limit', message: `the document is larger than ${limits.maxBytes} bytes` });
  const looksLikeJson = /^\s*[[{]/.test(source);
  if (looksLikeJson) {
    // JSON.parse is native and linear, but ~2 µs per key of a large object (100,000 keys: 200 ms): a scan
    // of the text first refuses what nests or counts beyond the bounds; the value is then walked once
    // for the exact ones.
    const beyond = jsonBeyond(source, limits);
    if (beyond) return refused(source, opts, beyond);
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (err) {
      // Not strict JSON: the YAML parser decides, and positions its errors — unless the text is too
      // large for it, then JSON.parse's own message says what is wrong.
      if (bytes > limits.maxYamlBytes) return { problems: [problem('', DSL_PROBLEM_CODES.syntax, `invalid JSON${opts.filename ? ` (${opts.filename})` : ''}: ${(err as Error).message}`)] };
      value = NOT_JSON;
    }
    if (value !== NOT_JSON) {
      const bad = checkValue(value, limits);
      return bad ? refused(source, opts, bad) : { document: value, problems: [] };
    }
  }
  if (bytes > limits.maxYamlBytes) return refused(source, opts, { kind: 'limit', message: `the document is larger than ${limits.maxYamlBytes} bytes, the bound for YAML; send a document this large as JSON` });
  const scan = scanYamlText(source, limits);
  if (scan) return refused(source, opts, scan);
  const yaml = parseYamlBounded(source, limits);
  const problems: Problem[] = [];
  // Only the first syntax error: the parser's later ones mostly follow from it (an unclosed bracket
  // makes every line after it "unexpected").
  if (yaml.errors.length > 0) {
    problems.push(problem('', DSL_PROBLEM_CODES.syntax, describe(yaml.errors[0], source, opts.filename, looksLikeJson ? 'invalid JSON' : 'invalid YAML')));
  }
  for (const warning of yaml.warnings) {
    problems.push(problem('', DSL_PROBLEM_CODES.yamlWarning, describe(warning, source, opts.filename, 'YAML warning')));
  }
  if (yaml.refused) return { problems: [...problems, ...refused(source, opts, yaml.refused, looksLikeJson ? 'invalid JSON' : 'invalid YAML').problems] };
  if (yaml.errors.length > 0) return { problems };
  return { document: yaml.value, problems };
}

const NOT_JSON = Symbol('not JSON');

const CODES: Record<LimitProblem['kind'], Problem['code']> = {
  limit: DSL_PROBLEM_CODES.limit,
  'unsafe-key': DSL_PROBLEM_CODES.unsafeKey,
  tag: DSL_PROBLEM_CODES.yamlTag,
  'duplicate-key': DSL_PROBLEM_CODES.syntax,
  cycle: DSL_PROBLEM_CODES.syntax,
};

function refused(source: string, opts: ParseOptions, p: LimitProblem, what = 'document refused'): ParseResult {
  const at = p.offset === undefined ? undefined : lineColumn(source, p.offset);
  const where = at ? ` (${opts.filename ? `${opts.filename}:` : 'line '}${at.line}${opts.filename ? ':' : ', column '}${at.column})` : opts.filename ? ` (${opts.filename})` : '';
  const head = p.kind === 'duplicate-key' || p.kind === 'cycle' ? what : p.kind === 'limit' ? 'document too large' : 'document refused';
  return { problems: [problem(p.pointer ?? '', CODES[p.kind], `${head}${where}: ${p.message}`)] };
}

/** UTF-8 length of `text`, exact up to `max` (beyond it, any number over `max`). */
function utf8Length(text: string, max: number): number {
  if (text.length > max) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return bytes;
}

/**
 * What a JSON text would cost to parse, from one scan of its text (strings skipped): the first bound it
 * crosses — nesting deeper than maxDepth, or more than maxEntries entries (commas and openings, an
 * over-count) — and where. A YAML-only text is scanned the same, harmlessly.
 */
function scanJson(text: string, maxDepth: number, maxEntries: number): { crossed?: 'depth' | 'entries'; offset: number } {
  let depth = 0;
  let entries = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return { crossed: 'depth', offset: i };
      if (++entries > maxEntries) return { crossed: 'entries', offset: i };
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c && ++entries > maxEntries) return { crossed: 'entries', offset: i };
  }
  return { offset: text.length };
}

/** Whether a JSON text nests deeper than maxDepth or holds more than maxEntries entries (see scanJson). */
export function jsonShape(text: string, maxDepth: number, maxEntries = Infinity): { tooDeep: boolean; tooMany: boolean } {
  const { crossed } = scanJson(text, maxDepth, maxEntries);
  return { tooDeep: crossed === 'depth', tooMany: crossed === 'entries' };
}

/** The document's bounds crossed by its JSON text, as a LimitProblem (see jsonShape). */
export function jsonBeyond(text: string, limits: DocumentLimits): LimitProblem | undefined {
  const { crossed, offset } = scanJson(text, limits.maxDepth, limits.maxEntries);
  if (crossed === 'depth') return { kind: 'limit', offset, message: `the document nests deeper than ${limits.maxDepth} levels` };
  if (crossed === 'entries') return { kind: 'limit', offset, message: `the document has more than ${limits.maxEntries} entries (mapping keys and sequence items)` };
  return undefined;
}
function describe(err: YAMLError, source: string, filename: string | undefined, what: string): string {
  const { line, column } = lineColumn(source, err.pos[0]);
  const where = filename ? `${filename}:${line}:${column}` : `line ${line}, column ${column}`;
  // The parser's own message is one sentence; pretty errors would add a source excerpt we do not want.
  return `${what} (${where}): ${err.message.split('\n')[0]}`;
}

/** 1-based line and column of a character offset. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: Math.min(offset, source.length) - start + 1 };
}
