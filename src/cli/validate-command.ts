/**
 * `weft validate <file> [--json]`: parses and validates a workflow document — or, by its name, an event
 * type (`*.event-type.yaml|json`) or a subscription (`*.subscription.yaml|json`) file, as `weft dev` loads
 * them — printing every problem. Exit codes: 0 valid (warnings allowed), 1 invalid, 2 the file cannot be read.
 */
import { basename } from 'node:path';
import { type Problem as DslProblem, parseDocument, validateText } from '../dsl/index.js';
import { type DefinitionProblem, EVENT_TYPE_FILE, SUBSCRIPTION_FILE, checkEventTypeDefinition, checkSubscriptionDefinition } from '../events/index.js';
import { type Io, type Problem, reportProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';

/** A problem as printed: the DSL's, or an event definition's (always an error). */
type Printed = Pick<DslProblem, 'pointer' | 'message' | 'severity'> & { code: string };

/** An event type or subscription file: parsed within the document bounds, then checked as the API would. */
function validateDefinition(text: string, file: string, check: (doc: unknown) => DefinitionProblem[]): { valid: boolean; problems: Printed[] } {
  const { document, problems } = parseDocument(text, { filename: file });
  if (problems.some((p) => p.severity === 'error')) return { valid: false, problems };
  const found = check(document).map((p) => ({ ...p, severity: 'error' as const }));
  return { valid: found.length === 0, problems: [...problems, ...found] };
}

function validate(text: string, file: string, checkExpression: (src: string) => string | null): { valid: boolean; problems: Printed[] } {
  const name = basename(file);
  if (EVENT_TYPE_FILE.test(name)) return validateDefinition(text, file, checkEventTypeDefinition);
  if (SUBSCRIPTION_FILE.test(name)) return validateDefinition(text, file, checkSubscriptionDefinition);
  return validateText(text, { filename: file, checkExpression });
}

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
      code: CLI_ERROR_CODES.file,
    };
    reportProblem(io, problem, opts.json);
    return 2;
  }
  const { valid, problems } = validate(text, file, checkExpression);
  if (opts.json) {
    io.out(JSON.stringify({ valid, problems }));
  } else {
    for (const p of problems) io.out(formatProblem(p));
    io.out(summary(file, valid, problems));
  }
  return valid ? 0 : 1;
}

/** `<pointer>: <severity>: <message>`; the whole document (pointer `""`) shows as `(document)`. */
export function formatProblem(p: Printed): string {
  return `${p.pointer || '(document)'}: ${p.severity}: ${p.message}`;
}

function summary(file: string, valid: boolean, problems: Printed[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const counts = [errors && `${errors} error${errors === 1 ? '' : 's'}`, warnings && `${warnings} warning${warnings === 1 ? '' : 's'}`].filter(Boolean);
  return `${file}: ${valid ? 'valid' : 'invalid'}${counts.length ? ` (${counts.join(', ')})` : ''}`;
}
