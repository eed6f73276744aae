/**
 * Problems found in DSL documents, and the coded error thrown when a caller insists on a valid one.
 * Every problem names its place with a JSON pointer (RFC 6901) into the parsed document, the same
 * addressing the engine uses for tasks (`/do/0/tryGetPet/try/0/getPet`).
 */
import { type ErrorFamily, defineErrors } from '../shared/index.js';

export type Severity = 'error' | 'warning';

export interface Problem {
  /** JSON pointer into the document; `""` is the whole document. */
  pointer: string;
  message: string;
  severity: Severity;
  code: ProblemCode;
}

// Codes of the problems a document can have, listed in a `WEFT_ERR_DSL_INVALID` answer and by `weft
// validate`; no status: a problem is never an answer of its own. `WEFT_WARN_` codes are warnings.
const DslProblems = defineErrors('DslProblem', {
  /** The text is not YAML/JSON. */
  syntax: {
    code: 'WEFT_ERR_DSL_SYNTAX',
    meaning: 'The document is not well-formed YAML or JSON, or has a duplicate key or a cyclic YAML alias; the message gives the line and column.',
    action: 'Fix the text at the line and column the message names (`weft validate <file>` says the same without running anything).',
  },
  /** The document crosses a bound (size, nesting depth, entries, aliases): DocumentLimits. */
  limit: {
    code: 'WEFT_ERR_DSL_LIMIT',
    meaning: 'The document crosses a parsing bound: over 1 MiB (YAML over 256 KiB or 5,000 lines), nested deeper than 128 levels, over 20,000 entries, or over 100 YAML aliases or anchors.',
    action: 'Make the document smaller or flatter; send a large document as JSON rather than YAML (docs/security.md lists every bound).',
  },
  /** A key that could reach an object's prototype (`__proto__`, `constructor.prototype`). */
  unsafeKey: {
    code: 'WEFT_ERR_DSL_UNSAFE_KEY',
    meaning: 'The document has a `__proto__` key, or a `constructor` key holding `prototype`: keys that could reach an object\'s prototype are refused at any depth.',
    action: 'Rename or remove that key.',
  },
  /** A YAML tag (`!!binary`, `!custom`): documents are plain data. */
  yamlTag: {
    code: 'WEFT_ERR_DSL_YAML_TAG',
    meaning: 'The document uses a YAML tag (`!!binary`, `!!set`, `!custom`…): documents are plain data.',
    action: 'Remove the tag and write the value as a plain string, number, list or mapping.',
  },
  /** The document does not conform to the official DSL schema. */
  schema: {
    code: 'WEFT_ERR_DSL_SCHEMA',
    meaning: 'The document does not conform to the Serverless Workflow DSL 1.0 schema, or a JSON Schema it holds (a task\'s `input`, `output` or `export` schema) does not compile.',
    action: 'Fix the field at the problem\'s pointer; the DSL reference (dsl-reference.md of the Serverless Workflow specification) says what each field takes.',
  },
  /** A `then:` flow directive names no task of its own list. */
  thenTarget: {
    code: 'WEFT_ERR_DSL_THEN_TARGET',
    meaning: 'A `then:` names no task of its own list: it may name a sibling task, `continue`, `exit` or `end`.',
    action: 'Point `then:` at a task of the same `do` list (or use `continue`, `exit` or `end`).',
  },
  /** Two tasks of one list share a name (flow directives and task pointers would be ambiguous). */
  duplicateTask: {
    code: 'WEFT_ERR_DSL_DUPLICATE_TASK',
    meaning: 'Two tasks of one list have the same name, so `then:` directives and task pointers would be ambiguous.',
    action: 'Rename one of them.',
  },
  /** A switch has more than one default case (a case without `when`). */
  switchDefault: {
    code: 'WEFT_ERR_DSL_SWITCH_DEFAULT',
    meaning: 'A `switch` has more than one default case (a case without `when`).',
    action: 'Keep one case without `when` and give the others a condition.',
  },
  /** A name that must be defined under `use` (error, function, retry, authentication, timeout, catalog) is not. */
  undefinedReference: {
    code: 'WEFT_ERR_DSL_UNDEFINED_REFERENCE',
    meaning: 'The document refers by name to something it does not define under `use` (a function, error, retry policy, authentication, timeout or catalog).',
    action: 'Define it in the `use` section the message names, or correct the name.',
  },
  /** A runtime expression does not compile. */
  expression: {
    code: 'WEFT_ERR_DSL_EXPRESSION',
    meaning: 'A runtime expression (`${ … }`) is not valid jq; the message quotes the jq compiler.',
    action: 'Fix the expression; try it with `weft expr \'<filter>\' --input \'<json>\'`.',
  },
  /** Valid DSL that this runtime cannot run yet; the document stays valid. */
  unsupported: {
    code: 'WEFT_WARN_DSL_UNSUPPORTED',
    meaning: 'A warning: valid DSL that Weft cannot run yet (`run: container`, `run: shell`, `call: grpc`, `asyncapi`, `a2a` or `mcp`, a script language other than JavaScript, an expression language other than jq, a DSL other than 1.0.x); running or registering it fails with `WEFT_ERR_DSL_UNSUPPORTED`.',
    action: 'Replace that feature with one Weft runs (`call: http`, a Weft function, a JavaScript `run: script`) if you want to run the workflow here.',
  },
  /** A secret-based authentication names a secret that `use.secrets` does not declare. */
  undeclaredSecret: {
    code: 'WEFT_WARN_DSL_UNDECLARED_SECRET',
    meaning: 'A warning: an authentication takes, or an expression reads (`$secrets.NAME`), a secret the document does not declare in `use.secrets`, so its runs will not see it.',
    action: 'Add the secret\'s name to `use.secrets`.',
  },
  /** A YAML construct that parsed but is suspicious (reported by the yaml parser). */
  yamlWarning: {
    code: 'WEFT_WARN_DSL_YAML',
    meaning: 'A warning from the YAML parser: the text parsed, but a construct in it is suspicious or not portable.',
    action: 'Rewrite the construct at the line and column the message names as plain YAML.',
  },
});

export const DSL_PROBLEM_CODES = DslProblems.codes;

/** The codes of problems in documents, as the error catalog lists them. */
export const DSL_PROBLEMS: ErrorFamily = DslProblems;

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
