/**
 * Names that must be defined under `use`: `raise.error: name` (use.errors), `call: name`
 * (use.functions, unless a built-in call, a catalog function `name:version@catalog` or a URI to a
 * function definition), `catch.retry: name` (use.retries), `timeout: name` (use.timeouts),
 * `authentication: { use: name }` (use.authentications), and secret-based schemes `basic: { use: secret }`
 * and expressions reading `$secrets.NAME` (use.secrets — a warning: runtimes may provide secrets the
 * document does not declare; Weft does not).
 */
import { DSL_PROBLEM_CODES, type Problem, problem } from './errors.js';
import { isObject, joinPointer } from './pointer.js';
import { walkTasks } from './walk.js';

export const BUILT_IN_CALLS = ['http', 'openapi', 'grpc', 'asyncapi', 'a2a', 'mcp'];
/** `{functionName}:{functionVersion}@{catalogName}` (dsl.md, "Using Cataloged Functions"). */
const CATALOG_CALL = /^([^:@\s/]+):([^@\s]+)@([^@\s]+)$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
/** Runtimes may provide a catalog named `default` without it being declared. */
const IMPLICIT_CATALOG = 'default';
const SCHEMES = ['basic', 'bearer', 'digest', 'oauth2', 'oidc'];

type Section = 'authentications' | 'catalogs' | 'errors' | 'functions' | 'retries' | 'timeouts';

export function checkReferences(document: unknown): Problem[] {
  if (!isObject(document)) return [];
  const use = isObject(document.use) ? document.use : {};
  const defined = (section: Section, name: string): boolean => isObject(use[section]) && Object.prototype.hasOwnProperty.call(use[section], name);
  const problems: Problem[] = [];
  const undefinedRef = (pointer: string, what: string, name: string, section: Section): void => {
    problems.push(problem(pointer, DSL_PROBLEM_CODES.undefinedReference, `undefined ${what} '${name}': define it in use.${section}`));
  };

  if (typeof document.timeout === 'string' && !defined('timeouts', document.timeout)) undefinedRef('/timeout', 'timeout', document.timeout, 'timeouts');
  walkTasks(document, ({ task, pointer }) => {
    const at = (...tokens: string[]): string => joinPointer(pointer, ...tokens);
    if (typeof task.timeout === 'string' && !defined('timeouts', task.timeout)) undefinedRef(at('timeout'), 'timeout', task.timeout, 'timeouts');
    if (isObject(task.raise) && typeof task.raise.error === 'string' && !defined('errors', task.raise.error)) {
      undefinedRef(at('raise', 'error'), 'error', task.raise.error, 'errors');
    }
    if (isObject(task.catch) && typeof task.catch.retry === 'string' && !defined('retries', task.catch.retry)) {
      undefinedRef(at('catch', 'retry'), 'retry policy', task.catch.retry, 'retries');
    }
    if (typeof task.call === 'string') problems.push(...checkCall(task.call, at('call'), (name) => defined('functions', name), (name) => defined('catalogs', name)));
  });

  const secrets = new Set(Array.isArray(use.secrets) ? use.secrets.filter((s) => typeof s === 'string') : []);
  const authSecrets = new Set<string>();
  forEachAuthentication(document, (policy, pointer, topLevel) => {
    if (!topLevel && typeof policy.use === 'string' && !defined('authentications', policy.use)) {
      undefinedRef(joinPointer(pointer, 'use'), 'authentication', policy.use, 'authentications');
    }
    for (const scheme of SCHEMES) {
      const config = policy[scheme];
      if (isObject(config) && typeof config.use === 'string') authSecrets.add(config.use);
      if (isObject(config) && typeof config.use === 'string' && !secrets.has(config.use)) {
        problems.push(problem(joinPointer(pointer, scheme, 'use'), DSL_PROBLEM_CODES.undeclaredSecret, `secret '${config.use}' is not declared in use.secrets`));
      }
    }
  });
  for (const [pointer, name] of secretReads(document)) {
    if (!secrets.has(name) && !authSecrets.has(name)) problems.push(problem(pointer, DSL_PROBLEM_CODES.undeclaredSecret, `expression reads secret '${name}', which is not declared in use.secrets: its runs will not see it`));
  }
  return problems;
}

/** `$secrets.NAME`, `$secret.NAME`, `$secrets["NAME"]` in any string of the document (expressions live in strings). */
const SECRET_READ = /\$secrets?\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*"([^"\\]+)"\s*\])/g;

function secretReads(document: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  const walk = (v: unknown, pointer: string): void => {
    if (typeof v === 'string') {
      if (v.includes('$secret')) for (const m of v.matchAll(SECRET_READ)) out.push([pointer, (m[1] ?? m[2])!]);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, joinPointer(pointer, String(i))));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, joinPointer(pointer, k));
  };
  walk(document, '');
  return out;
}

function checkCall(call: string, pointer: string, isFunction: (n: string) => boolean, isCatalog: (n: string) => boolean): Problem[] {
  if (BUILT_IN_CALLS.includes(call) || isFunction(call)) return [];
  const cataloged = CATALOG_CALL.exec(call);
  if (cataloged) {
    const catalog = cataloged[3];
    if (catalog === IMPLICIT_CATALOG || isCatalog(catalog)) return [];
    return [problem(pointer, DSL_PROBLEM_CODES.undefinedReference, `undefined catalog '${catalog}' in '${call}': define it in use.catalogs`)];
  }
  if (URI.test(call)) return [];
  return [
    problem(
      pointer,
      DSL_PROBLEM_CODES.undefinedReference,
      `undefined function '${call}': define it in use.functions, or call a built-in (${BUILT_IN_CALLS.join(', ')}), a catalog function name:version@catalog or a function definition URI`,
    ),
  ];
}

/**
 * Visits authentication policies: the reusable ones in use.authentications, and every `authentication`
 * of an endpoint (`{ uri, authentication }`) or of call arguments (`with.authentication`,
 * `with.service.authentication`). Looking only there keeps user data (an HTTP body that happens to
 * have an `authentication` key) out of it.
 */
function forEachAuthentication(document: Record<string, unknown>, visit: (policy: Record<string, unknown>, pointer: string, topLevel: boolean) => void): void {
  const use = isObject(document.use) ? document.use : {};
  if (isObject(use.authentications)) {
    for (const [name, policy] of Object.entries(use.authentications)) if (isObject(policy)) visit(policy, joinPointer('/use/authentications', name), true);
  }
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, joinPointer(pointer, i)));
    if (!isObject(node)) return;
    const auth = node.authentication;
    if (isObject(auth) && ('uri' in node || /\/with(\/service)?$/.test(pointer))) visit(auth, joinPointer(pointer, 'authentication'), false);
    for (const [key, child] of Object.entries(node)) if (pointer !== '/use' || key !== 'authentications') walk(child, joinPointer(pointer, key));
  };
  walk(document, '');
}
