/**
 * Reads, parses and validates a workflow document for commands that run it: invalid documents and
 * features not supported yet are refused with a problem before any run starts.
 */
import { readFileSync } from 'node:fs';
import { parseDocument, validateDocument } from '../dsl/index.js';
import type { Json } from '../expr/index.js';
import { compile } from '../expr/index.js';
import { type Problem, usageProblem } from './problem.js';

export function checkExpression(src: string): string | null {
  try {
    compile(src);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

export type Loaded = { ok: true; definition: Record<string, Json> } | { ok: false; problem: Problem };

export function loadWorkflow(file: string): Loaded {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, problem: usageProblem('WEFT_ERR_CLI_FILE', `cannot read ${file}: ${(err as Error).message}`) };
  }
  const parsed = parseDocument(text, { filename: file });
  const result = parsed.document === undefined ? { valid: false, problems: parsed.problems } : validateDocument(parsed.document, { checkExpression });
  const problems = [...parsed.problems, ...result.problems];
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length || !result.valid) {
    return { ok: false, problem: { ...usageProblem('WEFT_ERR_DSL_INVALID', `${file} is not a valid workflow: ${errors.map((p) => `${p.pointer || '/'}: ${p.message}`).join('; ')}`), problems: errors as unknown as Json } };
  }
  const unsupported = problems.filter((p) => p.severity === 'warning' && p.code === 'WEFT_WARN_DSL_UNSUPPORTED');
  if (unsupported.length) {
    const u = unsupported[0];
    return {
      ok: false,
      problem: {
        type: 'https://serverlessworkflow.io/spec/1.0.0/errors/configuration',
        title: 'Unsupported feature',
        status: 400,
        detail: `${u.pointer}: ${u.message}`,
        instance: u.pointer,
        code: 'WEFT_ERR_DSL_UNSUPPORTED',
      },
    };
  }
  return { ok: true, definition: parsed.document as Record<string, Json> };
}
