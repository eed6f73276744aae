/**
 * Text → data. Workflows are YAML or JSON; JSON is valid YAML 1.2, so one parser would do, but JSON
 * documents take JSON.parse first (exact JSON semantics, faster on large documents) and fall back to
 * the YAML parser for error positions and for the lenient JSON that YAML accepts (comments, trailing
 * commas). No I/O: callers read the file.
 */
import { type YAMLError, parseDocument as parseYaml } from 'yaml';
import { type Problem, DSL_PROBLEM_CODES, problem } from './errors.js';

export interface ParseOptions {
  /** Shown in syntax-error messages (`workflow.yaml:3:5`). */
  filename?: string;
}

export interface ParseResult {
  /** The parsed document; absent when the text has syntax errors. */
  document?: unknown;
  problems: Problem[];
}

/** Aliases expand on conversion; bounding them defeats "billion laughs" documents. */
const MAX_ALIAS_COUNT = 100;

/** Deeper documents are refused: every later walk (schema, checks, the engine) recurses over them. */
export const MAX_DEPTH = 256;

/**
 * Why the value cannot be a document: nesting deeper than MAX_DEPTH, or a cycle (a YAML alias inside
 * the node it names). Iterative, so that it cannot itself overflow the stack.
 */
function shapeProblem(root: unknown): string | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  const open = new Set<object>();
  const exits: object[] = [];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (value === EXIT) {
      open.delete(exits.pop()!);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (open.has(value)) return 'the document refers to itself (a YAML alias inside the node it names)';
    if (depth > MAX_DEPTH) return `the document nests deeper than ${MAX_DEPTH} levels`;
    open.add(value);
    exits.push(value);
    stack.push([EXIT, depth]);
    for (const child of Array.isArray(value) ? value : Object.values(value)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return undefined;
}
const EXIT = Symbol('exit');

export function parseDocument(text: string, opts: ParseOptions = {}): ParseResult {
  const parsed = parseText(text, opts);
  if (parsed.document === undefined) return parsed;
  const bad = shapeProblem(parsed.document);
  return bad ? { problems: [...parsed.problems, problem('', DSL_PROBLEM_CODES.syntax, bad)] } : parsed;
}

function parseText(text: string, opts: ParseOptions): ParseResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const looksLikeJson = /^\s*[[{]/.test(source);
  if (looksLikeJson) {
    try {
      return { document: JSON.parse(source), problems: [] };
    } catch {
      // Not strict JSON: the YAML parser decides, and positions its errors.
    }
  }
  const doc = parseYaml(source, { prettyErrors: false, uniqueKeys: true, strict: true });
  const problems: Problem[] = [];
  // Only the first syntax error: the parser's later ones mostly follow from it (an unclosed bracket
  // makes every line after it "unexpected").
  if (doc.errors.length > 0) {
    problems.push(problem('', DSL_PROBLEM_CODES.syntax, describe(doc.errors[0], source, opts.filename, looksLikeJson ? 'invalid JSON' : 'invalid YAML')));
  }
  for (const warning of doc.warnings) {
    problems.push(problem('', DSL_PROBLEM_CODES.yamlWarning, describe(warning, source, opts.filename, 'YAML warning')));
  }
  if (doc.errors.length > 0) return { problems };
  try {
    return { document: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems };
  } catch (err) {
    // toJS fails on excessive aliasing (and on nothing else we can produce from valid YAML).
    problems.push(problem('', DSL_PROBLEM_CODES.syntax, `invalid YAML: ${(err as Error).message}`));
    return { problems };
  }
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
