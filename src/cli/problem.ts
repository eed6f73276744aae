/** Problem details (RFC 9457) for failures of the CLI itself, and how commands print them. */
import { CLI_ERRORS, CLI_ERROR_CODES, type CliErrorCode } from './errors.js';
import { catalogEntry } from './error-catalog.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [extra: string]: unknown;
}

export const VALIDATION_ERROR_TYPE = 'https://serverlessworkflow.io/spec/1.0.0/errors/validation';

/** The problem of one of the CLI's own codes (errors.ts says its status, title and type). */
export function usageProblem(code: CliErrorCode, detail: string): Problem {
  const { type, title, status } = CLI_ERRORS.definition(code);
  return { type, title, status, detail, code };
}

/**
 * How a command reports a problem. For people (the default): `weft: <what failed, where> [<code>]`, then
 * one line per listed problem (a document's, each with its JSON pointer; a YAML error with its
 * line:column), then what to do about the code (the error catalog's). For scripts (`--json`): the RFC
 * 9457 object on one line, nothing added.
 */
export function reportProblem(io: Io, problem: Problem, json = false): void {
  io.err(json ? JSON.stringify(problem) : humanProblem(problem));
}

export function humanProblem(p: Problem): string {
  const listed = Array.isArray(p.problems) ? (p.problems as { pointer?: string; message?: string }[]) : [];
  // A document's problems are listed below its headline, not repeated in it.
  const headline = listed.length ? p.detail.replace(/: [\s\S]*$/, '') : p.detail;
  const where = typeof p.instance === 'string' && p.instance && !headline.includes(p.instance) ? ` (at ${p.instance})` : '';
  return [`weft: ${headline}${where} [${p.code}]`, ...listed.map((q) => `  ${q.pointer || '(document)'}: ${q.message ?? ''}`), ...nextStep(p.code)].join('\n');
}

/** The line that says what to do about `code`: none for a code the catalog does not know. */
export function nextStep(code: string): string[] {
  const entry = catalogEntry(code);
  return entry ? [`  → ${entry.action}`] : [];
}

/**
 * The documented exit status of a command that failed with `p` (docs/cli.md): 2 when the input, a flag or
 * the request was refused (a 4xx problem: fix the command), 3 when the server, the database or Weft itself
 * failed (5xx, unreachable: try again or look at the server). Exit 1 — a run faulted, a function failed,
 * a check failed — is each command's own to say.
 */
export function exitStatusOf(p: Pick<Problem, 'status'>): 2 | 3 {
  return p.status >= 400 && p.status < 500 ? 2 : 3;
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/**
 * The problem details of anything a command's work threw: coded Weft errors (WEFT_ERR_* with a status),
 * function failures (`{ problem }`), else an internal error with the message.
 */
export function problemOf(err: unknown): Problem {
  const e = (err ?? {}) as { problem?: Problem; code?: unknown; status?: unknown; type?: unknown; title?: unknown; message?: unknown; detail?: unknown; extra?: Record<string, unknown>; problems?: unknown };
  if (e.problem && typeof e.problem === 'object') return e.problem;
  if (typeof e.code === 'string' && e.code.startsWith('WEFT_') && typeof e.status === 'number') {
    return {
      type: typeof e.type === 'string' ? e.type : VALIDATION_ERROR_TYPE,
      title: typeof e.title === 'string' ? e.title : 'Error',
      status: e.status,
      // A thrown usageProblem() is a problem object: its text is `detail`, not `message`.
      detail: String(e.message ?? e.detail),
      code: e.code,
      ...(e.extra ?? {}),
      ...(Array.isArray(e.problems) && e.problems.length ? { problems: e.problems } : {}),
    };
  }
  return internalProblem(err instanceof Error ? err.message : String(err));
}

/** A failure the command did not expect (a bug, or one beneath Weft). */
export function internalProblem(detail: string): Problem {
  const { type, title, status } = CLI_ERRORS.definition(CLI_ERROR_CODES.internal);
  return { type, title, status, detail, code: CLI_ERROR_CODES.internal };
}
