/**
 * Valid DSL that Weft cannot run yet. These are warnings: the document is valid and portable, and the
 * caller decides whether to refuse it (`weft run` does, `weft validate` does not). Kept in one place so
 * that the list shrinks as the engine grows.
 */
import { DSL_PROBLEM_CODES, type Problem, problem } from './errors.js';
import { isObject, joinPointer } from './pointer.js';
import { walkTasks } from './walk.js';

const UNSUPPORTED_CALLS = new Set(['grpc', 'asyncapi', 'a2a', 'mcp']);
const SCRIPT_LANGUAGES = new Set(['javascript', 'js']);
const SUPPORTED_DSL = /^1\.0\.\d+(?:[-+].*)?$/;

export function checkUnsupported(document: unknown): Problem[] {
  if (!isObject(document)) return [];
  const problems: Problem[] = [];
  const warn = (pointer: string, message: string): void => {
    problems.push(problem(pointer, DSL_PROBLEM_CODES.unsupported, message));
  };
  const dsl = isObject(document.document) ? document.document.dsl : undefined;
  if (typeof dsl === 'string' && !SUPPORTED_DSL.test(dsl)) warn('/document/dsl', `DSL version ${dsl} is not supported: Weft implements 1.0.x`);
  const language = isObject(document.evaluate) ? document.evaluate.language : undefined;
  if (typeof language === 'string' && language !== 'jq') {
    warn('/evaluate/language', `runtime expression language '${language}' is not supported: Weft evaluates jq`);
  }
  walkTasks(document, ({ task, pointer }) => {
    if (typeof task.call === 'string' && UNSUPPORTED_CALLS.has(task.call)) warn(joinPointer(pointer, 'call'), `call: ${task.call} is not supported yet`);
    const run = isObject(task.run) ? task.run : undefined;
    if (!run) return;
    if (run.container !== undefined) warn(joinPointer(pointer, 'run', 'container'), 'run: container is not supported yet');
    if (run.shell !== undefined) warn(joinPointer(pointer, 'run', 'shell'), 'run: shell is not supported yet');
    const script = isObject(run.script) ? run.script : undefined;
    if (script && typeof script.language === 'string' && !SCRIPT_LANGUAGES.has(script.language.toLowerCase())) {
      warn(joinPointer(pointer, 'run', 'script', 'language'), `run: script in ${script.language} is not supported yet (JavaScript is)`);
    }
  });
  return problems;
}
