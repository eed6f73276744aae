/**
 * Writing and deploying functions: manifest, bundle, immutable versions, aliases (DESIGN.md §4).
 * The runtime (isolates, pools) consumes what this produces: `FunctionVersion.code` defines `__weft`,
 * and `__weft.default(input, ctx)` is the function.
 */
export { parseManifest, MANIFEST_DEFAULTS, MANIFEST_FIELDS, NAME_PATTERN, SEMVER_PATTERN, type BuildManifest } from '../manifest.js';
export {
  bundleFunction,
  canonicalJson,
  contentHash,
  ENTRY_CANDIDATES,
  MAX_BUNDLE_BYTES,
  type Bundle,
  type BundleOptions,
  type FunctionSource,
} from './bundle.js';
export { deployFunction, readManifestFile, sourceFromPath, MANIFEST_FILE, type DeployResult } from './deploy.js';
export { assignAlias, parseFunctionRef, pickFor, resolveAlias, resolveVersion, validateAlias, type ResolvedVersion } from './alias.js';
export { DEPLOY_ERRORS, DEPLOY_ERROR_CODES, DeployError, ManifestError, type DeployErrorCode, type FunctionProblem } from './errors.js';
