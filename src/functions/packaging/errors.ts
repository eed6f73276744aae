/**
 * Coded errors of writing and deploying functions (manifest, bundle, versions, aliases). None is
 * retryable: each names something the author must change. `type` is the DSL error type a workflow sees
 * when one surfaces through a `call` (e.g. an unknown version), `status` the HTTP status of the gateway.
 */
import { ErrorTypes, type ErrorFamily, defineErrors } from '../../contracts/index.js';

const Deploy = defineErrors('DeployError', {
  /** weft.json (or the API's manifest object) is invalid; `problems` lists every issue. */
  manifest: {
    code: 'WEFT_ERR_FN_MANIFEST',
    status: 400,
    type: ErrorTypes.validation,
    meaning: 'The function\'s manifest (`weft.json`, or the API\'s `manifest` object) is invalid, or asks for more than an operator cap allows; `problems` lists every field at fault.',
    action: 'Fix each listed field (docs/functions.md describes every `weft.json` field); a cap is raised by the operator, with the `WEFT_FN_MAX_*` setting the message names.',
  },
  /** esbuild could not bundle the code, a Node built-in is imported, or there is no default export. */
  build: {
    code: 'WEFT_ERR_FN_BUILD',
    status: 400,
    type: ErrorTypes.validation,
    meaning: 'The function\'s code could not be bundled: the folder or its entry file is missing, esbuild reported errors, the code imports a Node built-in, or the entry has no default export.',
    action: 'Fix what the message lists: a function is `export default async (input, ctx) => …` and uses `ctx.fetch`, `ctx.secrets` and `ctx.log` instead of Node modules.',
  },
  /** The bundle exceeds the size limit (5 MB). */
  tooLarge: {
    code: 'WEFT_ERR_FN_TOO_LARGE',
    status: 413,
    type: ErrorTypes.validation,
    meaning: 'The function\'s bundle is over the 5 MiB limit; the message names its largest inputs.',
    action: 'Trim the largest inputs the message names (usually one dependency): import less of it, or use a smaller package.',
  },
  /** name@version is already deployed with other code or manifest: versions are immutable. */
  versionExists: {
    code: 'WEFT_ERR_FN_VERSION_EXISTS',
    status: 409,
    type: ErrorTypes.validation,
    meaning: 'This name@version is already deployed with other code or manifest: versions are immutable.',
    action: 'Bump `version` in `weft.json` and deploy again (deploying the very same code and manifest again is accepted).',
  },
  /** An alias is malformed (weights, names) or routes to versions that do not exist. */
  alias: {
    code: 'WEFT_ERR_FN_ALIAS',
    status: 400,
    type: ErrorTypes.validation,
    meaning: 'An alias is malformed (its name, a version listed twice, weights that are not integers from 0 to 100 summing to 100) or routes to a version that is not deployed; `problems` lists each.',
    action: 'Route the alias to deployed versions with weights summing to 100, e.g. `weft fn alias <name> live 1.1.0 --weight 1.0.0=10`.',
  },
  /** No such function, version or alias. */
  notFound: {
    code: 'WEFT_ERR_FN_NOT_FOUND',
    status: 404,
    type: ErrorTypes.configuration,
    meaning: 'The function, version or alias a call or an alias names is not deployed.',
    action: 'Check the name and version (`weft fn list` or `GET /api/v1/functions` shows what is deployed), or deploy it with `weft fn deploy <folder>`.',
  },
});

export const DEPLOY_ERROR_CODES = Deploy.codes;

/** The packaging family, as the error catalog lists it. */
export const DEPLOY_ERRORS: ErrorFamily = Deploy;

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
