/**
 * Serverless TypeScript functions: manifests, packaging (esbuild), versions and aliases, the isolate and
 * worker runtimes with their pools, the engine's FunctionRunner (invoker) and the functions part of the
 * platform façade (catalog). The runtime's own surface (runtime/index.ts) loads without isolated-vm.
 */
export { FunctionCatalog, type CatalogOptions } from './catalog.js';
export { FunctionInvoker, type InvokerOptions } from './invoker.js';
export { functionLimitsFromEnv } from './limits.js';
export { createScriptRunner } from './script-runner.js';
export * from './runtime/index.js';
export * from './packaging/index.js';
