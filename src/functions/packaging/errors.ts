/**
 * Coded errors of writing and deploying functions (manifest, bundle, versions, aliases). None is
 * retryable: each names something the author must change. `type` is the DSL error type a workflow sees
 * when one surfaces through a `call` (e.g. an unknown version), `status` the HTTP status of the gateway.
 */
import { ErrorTypes } from '../../contracts/index.js';

export const DEPLOY_ERROR_CODES = {
  /** weft.json (or the API's manifest object) is invalid; `problems` lists every issue. */
  manifest: 'WEFT_ERR_FN_MANIFEST',
  /** esbuild could not bundle the code, a Node built-in is imported, or there is no default export. */
  build: 'WEFT_ERR_FN_BUILD',
  /** The bundle exceeds the size limit (5 MB). */
  tooLarge: 'WEFT_ERR_FN_TOO_LARGE',
  /** name@version is already deployed with other code or manifest: versions are immutable. */
  versionExists: 'WEFT_ERR_FN_VERSION_EXISTS',
  /** An alias is malformed (weights, names) or routes to versions that do not exist. */
  alias: 'WEFT_ERR_FN_ALIAS',
  /** No such function, version or alias. */
  notFound: 'WEFT_ERR_FN_NOT_FOUND',
} as const;

export type DeployErrorCode = (typeof DEPLOY_ERROR_CODES)[keyof typeof DEPLOY_ERROR_CODES];

const STATUS: Record<DeployErrorCode, number> = {
  WEFT_ERR_FN_MANIFEST: 400,
  WEFT_ERR_FN_BUILD: 400,
  WEFT_ERR_FN_TOO_LARGE: 413,
  WEFT_ERR_FN_VERSION_EXISTS: 409,
  WEFT_ERR_FN_ALIAS: 400,
  WEFT_ERR_FN_NOT_FOUND: 404,
};

const TYPE: Record<DeployErrorCode, string> = {
  WEFT_ERR_FN_MANIFEST: ErrorTypes.validation,
  WEFT_ERR_FN_BUILD: ErrorTypes.validation,
  WEFT_ERR_FN_TOO_LARGE: ErrorTypes.validation,
  WEFT_ERR_FN_VERSION_EXISTS: ErrorTypes.validation,
  WEFT_ERR_FN_ALIAS: ErrorTypes.validation,
  WEFT_ERR_FN_NOT_FOUND: ErrorTypes.configuration,
};

/** One issue at a place: a JSON pointer into the manifest or alias (`""` is the whole document). */
export interface FunctionProblem {
  pointer: string;
  message: string;
}

export class DeployError extends Error {
  readonly code: DeployErrorCode;
  readonly retryable = false;
  /** Every issue found (manifest, alias); empty when the message says it all. */
  readonly problems: readonly FunctionProblem[];

  constructor(code: DeployErrorCode, message: string, options: { problems?: readonly FunctionProblem[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeployError';
    this.code = code;
    this.problems = options.problems ?? [];
  }

  get status(): number {
    return STATUS[this.code];
  }

  get type(): string {
    return TYPE[this.code];
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
