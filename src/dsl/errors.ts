/**
 * Problems found in DSL documents, and the coded error thrown when a caller insists on a valid one.
 * Every problem names its place with a JSON pointer (RFC 6901) into the parsed document, the same
 * addressing the engine uses for tasks (`/do/0/tryGetPet/try/0/getPet`).
 */
import { defineErrors } from '../shared/index.js';

export type Severity = 'error' | 'warning';

export interface Problem {
  /** JSON pointer into the document; `""` is the whole document. */
  pointer: string;
  message: string;
  severity: Severity;
  code: ProblemCode;
}

export const DSL_PROBLEM_CODES = {
  /** The text is not YAML/JSON. */
  syntax: 'WEFT_ERR_DSL_SYNTAX',
  /** The document crosses a bound (size, nesting depth, entries, aliases): DocumentLimits. */
  limit: 'WEFT_ERR_DSL_LIMIT',
  /** A key that could reach an object's prototype (`__proto__`, `constructor.prototype`). */
  unsafeKey: 'WEFT_ERR_DSL_UNSAFE_KEY',
  /** A YAML tag (`!!binary`, `!custom`): documents are plain data. */
  yamlTag: 'WEFT_ERR_DSL_YAML_TAG',
  /** The document does not conform to the official DSL schema. */
  schema: 'WEFT_ERR_DSL_SCHEMA',
  /** A `then:` flow directive names no task of its own list. */
  thenTarget: 'WEFT_ERR_DSL_THEN_TARGET',
  /** Two tasks of one list share a name (flow directives and task pointers would be ambiguous). */
  duplicateTask: 'WEFT_ERR_DSL_DUPLICATE_TASK',
  /** A switch has more than one default case (a case without `when`). */
  switchDefault: 'WEFT_ERR_DSL_SWITCH_DEFAULT',
  /** A name that must be defined under `use` (error, function, retry, authentication, timeout, catalog) is not. */
  undefinedReference: 'WEFT_ERR_DSL_UNDEFINED_REFERENCE',
  /** A runtime expression does not compile. */
  expression: 'WEFT_ERR_DSL_EXPRESSION',
  /** Valid DSL that this runtime cannot run yet; the document stays valid. */
  unsupported: 'WEFT_WARN_DSL_UNSUPPORTED',
  /** A secret-based authentication names a secret that `use.secrets` does not declare. */
  undeclaredSecret: 'WEFT_WARN_DSL_UNDECLARED_SECRET',
  /** A YAML construct that parsed but is suspicious (reported by the yaml parser). */
  yamlWarning: 'WEFT_WARN_DSL_YAML',
} as const;

export type ProblemCode = (typeof DSL_PROBLEM_CODES)[keyof typeof DSL_PROBLEM_CODES];

export function problem(pointer: string, code: ProblemCode, message: string): Problem {
  return { pointer, message, severity: code.startsWith('WEFT_WARN_') ? 'warning' : 'error', code };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** The DSL's error type for invalid definitions; the same URI the engine raises at run time. */
export const DSL_VALIDATION_ERROR_TYPE = 'https://serverlessworkflow.io/spec/1.0.0/errors/validation';

const Dsl = defineErrors('DslError', {
  invalid: {
    code: 'WEFT_ERR_DSL_INVALID',
    status: 400,
    title: 'Invalid workflow',
    type: DSL_VALIDATION_ERROR_TYPE,
    meaning: 'The document is not a valid workflow; `problems` lists every problem found, each with its code and the JSON pointer of its place.',
    action: 'Fix each listed problem (`weft validate <file>` lists them without running anything); docs/errors.md explains each problem\'s code.',
  },
});

/** The DSL library's own error, as the error catalog lists it (the platform raises the same code). */
export const DSL_ERRORS = Dsl;

/** Thrown by `loadWorkflow` when a document has errors; carries every problem, not just the first. */
export class DslError extends Dsl.Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], opts: { filename?: string; cause?: unknown } = {}) {
    const errors = problems.filter((p) => p.severity === 'error');
    const first = errors[0];
    const where = opts.filename ? `${opts.filename}: ` : '';
    const head = first ? `${first.pointer || '(document)'}: ${first.message}` : 'invalid workflow';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super(Dsl.codes.invalid, `${where}${head}${more}`, opts);
    this.problems = problems;
  }
}
