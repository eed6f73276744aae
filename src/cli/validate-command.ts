/**
 * `weft validate <file> [--json]`: parses and validates a workflow document, printing every problem.
 * Exit codes: 0 valid (warnings allowed), 1 invalid, 2 the file cannot be read.
 */
import { type Problem as DslProblem, validateText } from '../dsl/index.js';
import type { Io, Problem } from './problem.js';

export interface ValidateOptions {
  json?: boolean;
}

const CONFIGURATION_ERROR_TYPE = 'https://serverlessworkflow.io/spec/1.0.0/errors/configuration';

export function runValidate(
  file: string,
  opts: ValidateOptions,
  io: Io,
  readFile: (path: string) => string,
  checkExpression: (src: string) => string | null,
): number {
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    const problem: Problem = {
      type: CONFIGURATION_ERROR_TYPE,
      title: 'Cannot read the workflow file',
      status: 400,
      detail: `cannot read ${file}: ${(err as Error).message}`,
      code: 'WEFT_ERR_CLI_FILE',
    };
    io.err(JSON.stringify(problem));
    return 2;
  }
  const { valid, problems } = validateText(text, { filename: file, checkExpression });
  if (opts.json) {
    io.out(JSON.stringify({ valid, problems }));
  } else {
    for (const p of problems) io.out(formatProblem(p));
    io.out(summary(file, valid, problems));
  }
  return valid ? 0 : 1;
}

/** `<pointer>: <severity>: <message>`; the whole document (pointer `""`) shows as `(document)`. */
export function formatProblem(p: DslProblem): string {
  return `${p.pointer || '(document)'}: ${p.severity}: ${p.message}`;
}

function summary(file: string, valid: boolean, problems: DslProblem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const counts = [errors && `${errors} error${errors === 1 ? '' : 's'}`, warnings && `${warnings} warning${warnings === 1 ? '' : 's'}`].filter(Boolean);
  return `${file}: ${valid ? 'valid' : 'invalid'}${counts.length ? ` (${counts.join(', ')})` : ''}`;
}
