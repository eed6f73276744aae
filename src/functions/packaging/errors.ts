/**
 * Coded errors of writing and deploying functions (manifest, bundle, versions, aliases). None is
 * retryable: each names something the author must change. `type` is the DSL error type a workflow sees
 * when one surfaces through a `call` (e.g. an unknown version), `status` the HTTP status of the gateway.
 */
import { ErrorTypes, defineErrors } from '../../contracts/index.js';

const Deploy = defineErrors('DeployError', {
  /** weft.json (or the API's manifest object) is invalid; `problems` lists every issue. */
  manifest: { code: 'WEFT_ERR_FN_MANIFEST', status: 400, type: ErrorTypes.validation },
  /** esbuild could not bundle the code, a Node built-in is imported, or there is no default export. */
  build: { code: 'WEFT_ERR_FN_BUILD', status: 400, type: ErrorTypes.validation },
  /** The bundle exceeds the size limit (5 MB). */
  tooLarge: { code: 'WEFT_ERR_FN_TOO_LARGE', status: 413, type: ErrorTypes.validation },
  /** name@version is already deployed with other code or manifest: versions are immutable. */
  versionExists: { code: 'WEFT_ERR_FN_VERSION_EXISTS', status: 409, type: ErrorTypes.validation },
  /** An alias is malformed (weights, names) or routes to versions that do not exist. */
  alias: { code: 'WEFT_ERR_FN_ALIAS', status: 400, type: ErrorTypes.validation },
  /** No such function, version or alias. */
  notFound: { code: 'WEFT_ERR_FN_NOT_FOUND', status: 404, type: ErrorTypes.configuration },
});

export const DEPLOY_ERROR_CODES = Deploy.codes;

export type DeployErrorCode = (typeof DEPLOY_ERROR_CODES)[keyof typeof DEPLOY_ERROR_CODES];

/** One issue at a place: a JSON pointer into the manifest or alias (`""` is the whole document). */
export interface FunctionProblem {
  pointer: string;
  message: string;
}

export class DeployError extends Deploy.Error {
  readonly retryable = false;
  /** Every issue found (manifest, alias); empty when the message says it all. */
  readonly problems: readonly FunctionProblem[];

  constructor(code: DeployErrorCode, message: string, options: { problems?: readonly FunctionProblem[]; cause?: unknown } = {}) {
    super(code, message, options);
    this.problems = options.problems ?? [];
  }
}

/** Thrown by parseManifest with every problem at once. */
export class ManifestError extends DeployError {
  constructor(problems: readonly FunctionProblem[], options: { source?: string; cause?: unknown } = {}) {
    const where = options.source ? ` (${options.source})` : '';
    const list = problems.map((p) => `  ${p.pointer || '/'}: ${p.message}`).join('\n');
    super(DEPLOY_ERROR_CODES.manifest, `invalid function manifest${where}:\n${list}`, { problems, cause: options.cause });
    this.name = 'ManifestError';
  }
}

export const buildError = (message: string, cause?: unknown): DeployError =>
  new DeployError(DEPLOY_ERROR_CODES.build, message, { cause });

export const notFound = (message: string): DeployError => new DeployError(DEPLOY_ERROR_CODES.notFound, message);
