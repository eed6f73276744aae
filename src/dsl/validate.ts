/**
 * Validation of a parsed document: the official schema first (reduced to readable problems), then what
 * the schema cannot say (flow targets, unique names, references into `use`, runtime expressions), then
 * features Weft does not run yet (warnings). All checks run on every document, so that one pass
 * reports every problem; each check tolerates shapes the schema rejected.
 */
import { checkExpressions, type CheckExpression } from './check-expressions.js';
import { checkFlow } from './check-flow.js';
import { checkReferences } from './check-references.js';
import { checkSchemas } from './check-schemas.js';
import { checkUnsupported } from './check-unsupported.js';
import { DSL_PROBLEM_CODES, DslError, type Problem, hasErrors, problem } from './errors.js';
import type { Workflow } from './model.js';
import { type ParseOptions, parseDocument } from './parse.js';
import { isObject, joinPointer } from './pointer.js';
import { explainDocument } from './schema-explain.js';

export interface ValidateOptions {
  /**
   * Compiles one runtime expression (the jq text, without `${ }`) and returns an error message, or null
   * when it compiles. Without it, expressions are not checked.
   */
  checkExpression?: CheckExpression;
}

export interface ValidationResult {
  /** True when no problem is an error; warnings leave a document valid. */
  valid: boolean;
  problems: Problem[];
  /** The document, typed, when valid. */
  workflow?: Workflow;
}

export function validateDocument(document: unknown, opts: ValidateOptions = {}): ValidationResult {
  const problems: Problem[] = explainDocument(document).map((i) => problem(i.pointer, DSL_PROBLEM_CODES.schema, i.message));
  problems.push(...checkFlow(document), ...checkReferences(document), ...checkSchemas(document));
  if (opts.checkExpression && evaluatesJq(document)) problems.push(...checkExpressions(document, opts.checkExpression));
  problems.push(...checkUnsupported(document));
  sortByDocumentOrder(problems, document);
  const valid = !hasErrors(problems);
  return valid ? { valid, problems, workflow: document as Workflow } : { valid, problems };
}

/** Problems read top to bottom, like the document; at one place, in the order the checks found them. */
function sortByDocumentOrder(problems: Problem[], document: unknown): void {
  const order = new Map<string, number>();
  const visit = (node: unknown, pointer: string): void => {
    order.set(pointer, order.size);
    if (Array.isArray(node)) node.forEach((v, i) => visit(v, joinPointer(pointer, i)));
    else if (isObject(node)) for (const [k, v] of Object.entries(node)) visit(v, joinPointer(pointer, k));
  };
  visit(document, '');
  const rank = (pointer: string): number => {
    // A missing property is reported at (or below) its object; the nearest existing ancestor places it.
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const n = order.get(p);
      if (n !== undefined || p === '') return n ?? 0;
    }
  };
  const ranked = problems.map((p, i) => ({ p, i, r: rank(p.pointer) }));
  ranked.sort((a, b) => a.r - b.r || a.i - b.i);
  ranked.forEach(({ p }, i) => (problems[i] = p));
}

/** Expressions in another language (`evaluate.language`) cannot be checked; that is warned about. */
function evaluatesJq(document: unknown): boolean {
  const language = isObject(document) && isObject(document.evaluate) ? document.evaluate.language : undefined;
  return language === undefined || language === 'jq';
}

export interface TextValidationResult extends ValidationResult {
  /** The parsed document, when the text parsed (valid or not). */
  document?: unknown;
}

/** Parses and validates text: syntax problems come first, and stop there. */
export function validateText(text: string, opts: ValidateOptions & ParseOptions = {}): TextValidationResult {
  const parsed = parseDocument(text, opts);
  if (parsed.document === undefined) return { valid: false, problems: parsed.problems };
  const result = validateDocument(parsed.document, opts);
  return { ...result, problems: [...parsed.problems, ...result.problems], document: parsed.document };
}

/** The typed workflow of a text, or a DslError carrying every problem. */
export function loadWorkflow(text: string, opts: ValidateOptions & ParseOptions = {}): Workflow {
  const result = validateText(text, opts);
  if (!result.workflow) throw new DslError(result.problems, { filename: opts.filename });
  return result.workflow;
}
