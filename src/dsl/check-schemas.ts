/**
 * The JSON Schemas a document carries (`input.schema`, `output.schema`, `export.schema` of the workflow and
 * of its tasks) must compile where the document is registered, not at the first run: a pattern RE2 cannot
 * run (a backreference, a lookahead) or an invalid one is a problem at the schema's `document`.
 */
import { DSL_PROBLEM_CODES, type Problem, problem } from './errors.js';
import { createAjv } from './json-schema.js';
import { isObject, joinPointer } from './pointer.js';
import { walkTasks } from './walk.js';

export function checkSchemas(document: unknown): Problem[] {
  const problems: Problem[] = [];
  const shared = createAjv({ strict: false, allErrors: true, logger: false });
  const check = (holder: unknown, pointer: string): void => {
    if (!isObject(holder)) return;
    for (const key of ['input', 'output', 'export']) {
      const part = holder[key];
      const schema = isObject(part) && isObject(part.schema) ? part.schema.document : undefined;
      if (!isObject(schema)) continue;
      const at = joinPointer(pointer, key, 'schema', 'document');
      try {
        // A schema with an `$id` gets its own ajv: one instance refuses an `$id` the second time.
        (schema.$id === undefined ? shared : createAjv({ strict: false, logger: false })).compile(schema);
      } catch (err) {
        problems.push(problem(at, DSL_PROBLEM_CODES.schema, `${key} schema is not a usable JSON Schema: ${(err as Error).message}`));
      }
    }
  };
  check(document, '');
  walkTasks(document, (t) => check(t.task, t.pointer));
  return problems;
}
