/**
 * Text → a definition the engine can run: parse (YAML or JSON), validate against the DSL schema and the
 * semantic checks (expressions compiled by the jq compiler), and refuse features not supported yet —
 * the same rule for `weft run`, `weft dev` and `PUT /api/v1/workflows`.
 */
import { parseDocument, validateDocument } from '../dsl/index.js';
import { compile, type Json } from '../expr/index.js';
import { API_ERROR_CODES, ApiError } from './errors.js';

/** A DSL `checkExpression` hook: the jq compiler's message, or null when `src` compiles. */
export function checkExpression(src: string): string | null {
  try {
    compile(src);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Returns the definition, or throws an ApiError listing every problem (each with its JSON pointer). */
export function compileDefinition(text: string, filename?: string): Record<string, Json> {
  const parsed = parseDocument(text, filename ? { filename } : {});
  const result = parsed.document === undefined ? { valid: false, problems: [] } : validateDocument(parsed.document, { checkExpression });
  const problems = [...parsed.problems, ...result.problems];
  const errors = problems.filter((p) => p.severity === 'error');
  const where = filename ? `${filename} is` : 'the document is';
  if (errors.length || !result.valid) {
    const detail = `${where} not a valid workflow: ${errors.map((p) => `${p.pointer || '/'}: ${p.message}`).join('; ')}`;
    throw new ApiError(API_ERROR_CODES.invalidWorkflow, detail, { pointer: errors[0]?.pointer ?? '', problems: errors as unknown as Json });
  }
  const u = problems.find((p) => p.severity === 'warning' && p.code === 'WEFT_WARN_DSL_UNSUPPORTED');
  if (u) throw new ApiError(API_ERROR_CODES.unsupported, `${u.pointer}: ${u.message}`, { pointer: u.pointer });
  if (parsed.document === null || typeof parsed.document !== 'object' || Array.isArray(parsed.document)) {
    throw new ApiError(API_ERROR_CODES.invalidWorkflow, `${where} not a workflow object`, { pointer: '' });
  }
  return parsed.document as Record<string, Json>;
}
