/**
 * Error definitions as the server and the studio share them: the factory every module defines its coded
 * errors with (src/shared/define-errors.ts, where the jq and DSL libraries can reach it too), and the
 * error that carries ready problem details (a workflow error, a function's failure).
 */
import type { Problem } from './problem.js';
import { causeOptions, type ErrorOptions } from '../shared/index.js';

export {
  type ErrorDefinition,
  type ErrorFamily,
  type ErrorOptions,
  type FamilyOptions,
  type CodedProblem,
  causeOptions,
  defineErrors,
  problemTypeOf,
  statusTitle,
} from '../shared/index.js';

/**
 * An error whose problem details are already known: `problem` is what the engine journals and the
 * gateway answers with. Its message is the problem's detail (else its title, else its type).
 */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    options?: ErrorOptions,
  ) {
    super(problem.detail ?? problem.title ?? problem.type, causeOptions(options?.cause));
    this.name = 'ProblemError';
  }
}
