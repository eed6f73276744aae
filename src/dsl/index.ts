/**
 * The Serverless Workflow DSL 1.0.x front end: text in, data out, no I/O.
 *
 *   parseDocument(text)             YAML or JSON → { document?, problems }
 *   validateDocument(doc, opts)     schema + semantic checks → { valid, problems, workflow? }
 *   validateText / loadWorkflow     both steps; loadWorkflow throws a DslError listing every problem
 *
 * Problems address their place with JSON pointers (`/do/0/getPet/call`); see pointer.ts for building
 * them and for listing a task list's entries.
 */
export { jsonShape, parseDocument, type ParseOptions, type ParseResult } from './parse.js';
export { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './document-limits.js';
export {
  validateDocument,
  validateText,
  loadWorkflow,
  type ValidateOptions,
  type ValidationResult,
  type TextValidationResult,
} from './validate.js';
export { type CheckExpression, expressionSource } from './check-expressions.js';
export { BUILT_IN_CALLS } from './check-references.js';
export { DSL_ERRORS, DSL_PROBLEMS, DSL_PROBLEM_CODES, DSL_VALIDATION_ERROR_TYPE, DslError, type Problem, type ProblemCode, type Severity, hasErrors } from './errors.js';
export { type TaskEntry, depthBelow, escapeToken, getAt, joinPointer, parsePointer, taskEntries, unescapeToken } from './pointer.js';
export { type TaskListRef, type TaskVisit, childTaskLists, walkTasks } from './walk.js';
export { WORKFLOW_SCHEMA, WORKFLOW_SCHEMA_ID } from './schema/workflow-schema.js';
export { createAjv, re2RegExp } from './json-schema.js';
export { type EcmaPattern, MAX_PATTERN_WORK, UnsupportedPatternError, ecmaPattern, toRe2Source } from './ecma-pattern.js';
export type * from './model.js';
export { SENSITIVE_KEYWORD, type SensitiveParts, hasSensitive, sensitive, workflowSchemas } from './sensitive.js';
