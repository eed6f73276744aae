/**
 * `weft.json`, the function manifest: checked with ajv, defaults applied, and every problem reported at
 * once with a JSON pointer (an author fixing a manifest should not have to deploy five times). The
 * `input`/`output` schemas are compiled here, so a deploy never stores a schema the runtime cannot use.
 */
import { isIP } from 'node:net';
import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import { createAjv } from '../dsl/index.js';
import type { FunctionManifest } from '../ports/index.js';
import { type FunctionProblem, ManifestError } from './packaging/errors.js';

/** Function and alias names: they appear in `name:version@default` calls, URLs and file names. */
export const NAME_PATTERN = '^[a-z][a-z0-9-]{0,62}$';
/** semver.org's official pattern (2.0.0). */
export const SEMVER_PATTERN =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$';

/** The manifest plus what only the build needs: `main`, the entry file (relative to the function folder). */
export type BuildManifest = FunctionManifest & { main?: string };

export const MANIFEST_DEFAULTS = { memoryMb: 64, timeoutMs: 10_000, maxConcurrency: 10, minWarm: 0, idleMs: 60_000 } as const;

const int = (minimum: number, maximum: number, def: number) => ({ type: 'integer', minimum, maximum, default: def });

const MANIFEST_SCHEMA = {
  type: 'object',
  required: ['name', 'version'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: NAME_PATTERN },
    version: { type: 'string', pattern: SEMVER_PATTERN },
    description: { type: 'string', maxLength: 1000 },
    owner: { type: 'string', maxLength: 200 },
    main: { type: 'string', minLength: 1, pattern: '^(?!/)(?!.*\\.\\.)' },
    input: { type: ['object', 'boolean'] },
    output: { type: ['object', 'boolean'] },
    memoryMb: int(8, 1024, MANIFEST_DEFAULTS.memoryMb),
    timeoutMs: int(1, 900_000, MANIFEST_DEFAULTS.timeoutMs),
    maxConcurrency: int(1, 1000, MANIFEST_DEFAULTS.maxConcurrency),
    minWarm: int(0, 1000, MANIFEST_DEFAULTS.minWarm),
    idleMs: int(0, 86_400_000, MANIFEST_DEFAULTS.idleMs),
    egress: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, default: [] },
    // `NAME` (namespace `default`, or the environment's WEFT_SECRET_NAME) or `namespace/NAME` in the vault.
    secrets: { type: 'array', items: { type: 'string', pattern: '^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?/)?[A-Za-z_][A-Za-z0-9_.-]{0,127}$' }, uniqueItems: true, default: [] },
    // `POST /hooks/<path>` invokes the function (checked in detail by events/webhooks.ts when deployed).
    webhook: {
      type: 'object',
      required: ['path'],
      additionalProperties: false,
      properties: { path: { type: 'string', minLength: 1, maxLength: 200 }, secret: { type: 'string' }, schema: { type: ['object', 'boolean'] }, respond: { enum: ['sync', 'async'] }, input: { type: 'string' } },
    },
  },
} as const;

/** Every field a weft.json may hold (docs/functions.md describes each; a test checks it does). */
export const MANIFEST_FIELDS = Object.keys(MANIFEST_SCHEMA.properties);

/** Friendlier words than "must match pattern <regex>" for the fields whose pattern an author will hit. */
const PATTERN_MESSAGES: Record<string, string> = {
  '/name': 'must be 1–63 lowercase letters, digits or dashes, starting with a letter',
  '/version': 'must be a semantic version such as 1.2.0 or 2.0.0-rc.1',
  '/main': 'must be a relative path inside the function folder',
  secrets: 'must be a secret name: letters, digits, _ . - (starting with a letter or _)',
};

let manifestValidator: ReturnType<Ajv2020['compile']> | undefined;

function validator() {
  manifestValidator ??= createAjv({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true }, { trusted: true }).compile(MANIFEST_SCHEMA);
  return manifestValidator;
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function toProblem(e: ErrorObject): FunctionProblem {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return { pointer: `${e.instancePath}/${escape(String(p.missingProperty))}`, message: 'is required' };
  if (e.keyword === 'additionalProperties') {
    return { pointer: `${e.instancePath}/${escape(String(p.additionalProperty))}`, message: 'is not a manifest field' };
  }
  if (e.keyword === 'pattern') {
    const known = PATTERN_MESSAGES[e.instancePath] ?? (e.instancePath.startsWith('/secrets/') ? PATTERN_MESSAGES.secrets : undefined);
    if (known) return { pointer: e.instancePath, message: known };
  }
  if (e.keyword === 'uniqueItems') return { pointer: e.instancePath, message: `has duplicates (items ${p.j} and ${p.i})` };
  return { pointer: e.instancePath, message: e.message ?? 'is invalid' };
}

/** `host`, `*.host`, an IPv4/IPv6 address, or a CIDR: what the runtime's `ctx.fetch` allowlist matches. */
export function isEgressEntry(entry: string): boolean {
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
  if (cidr) {
    const v = isIP(cidr[1]);
    return v !== 0 && Number(cidr[2]) <= (v === 4 ? 32 : 128);
  }
  if (isIP(entry)) return true;
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
  return entry.length <= 253 && new RegExp(`^(?:\\*\\.)?${label}(?:\\.${label})*$`, 'i').test(entry);
}

/** A fresh ajv per call: user schemas may carry `$id`s, which one shared instance would refuse the 2nd time. */
function schemaProblems(schema: unknown, pointer: string): FunctionProblem[] {
  if (typeof schema === 'boolean') return [];
  // Unknown formats are annotations in 2020-12 (the runtime ignores them too): no console noise about them.
  const ajv = createAjv({ allErrors: true, strict: false, logger: false }, { formats: true });
  if (!ajv.validateSchema(schema as object)) {
    // The meta-schema reports one keyword several ways (enum, array, anyOf); the first is the most specific.
    const first = new Map<string, string>();
    for (const e of ajv.errors ?? []) if (!first.has(e.instancePath)) first.set(e.instancePath, e.message ?? 'is invalid');
    return [...first].map(([path, message]) => ({ pointer: `${pointer}${path}`, message: `not a valid JSON Schema: ${message}` }));
  }
  try {
    ajv.compile(schema as object);
    return [];
  } catch (err) {
    return [{ pointer, message: `not a usable JSON Schema: ${(err as Error).message}` }];
  }
}

/** Checks that JSON Schema cannot express: cross-field bounds, addresses, nested schemas. */
function semanticProblems(m: Record<string, unknown>): FunctionProblem[] {
  const problems: FunctionProblem[] = [];
  if (Number.isInteger(m.minWarm) && Number.isInteger(m.maxConcurrency) && (m.minWarm as number) > (m.maxConcurrency as number)) {
    problems.push({ pointer: '/minWarm', message: `must be at most maxConcurrency (${m.maxConcurrency})` });
  }
  if (Array.isArray(m.egress)) {
    m.egress.forEach((e, i) => {
      if (typeof e === 'string' && e !== '' && !isEgressEntry(e)) {
        problems.push({ pointer: `/egress/${i}`, message: `${JSON.stringify(e)} is not a host name (optionally *.domain), an IP address or a CIDR` });
      }
    });
  }
  for (const key of ['input', 'output'] as const) {
    const s = m[key];
    if (s !== undefined && (typeof s === 'boolean' || (s !== null && typeof s === 'object' && !Array.isArray(s)))) {
      problems.push(...schemaProblems(s, `/${key}`));
    }
  }
  return problems;
}

/**
 * Validates a parsed weft.json (or the API's manifest object) and applies defaults. Throws a
 * ManifestError (WEFT_ERR_FN_MANIFEST, 400) listing every problem. `source` names the file in messages.
 */
export function parseManifest(raw: unknown, source?: string): BuildManifest {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ManifestError([{ pointer: '', message: 'must be a JSON object' }], { source });
  }
  let copy: Record<string, unknown>;
  try {
    // A copy: defaults are filled in place, and the caller's object must not change.
    copy = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
  } catch (err) {
    throw new ManifestError([{ pointer: '', message: `is not JSON: ${(err as Error).message}` }], { source, cause: err });
  }
  const validate = validator();
  const problems = validate(copy) ? [] : (validate.errors ?? []).map(toProblem);
  problems.push(...semanticProblems(copy));
  if (problems.length > 0) throw new ManifestError(dedupe(problems), { source });
  return normalize(copy);
}

function dedupe(problems: FunctionProblem[]): FunctionProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.pointer}\0${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** A stable field order (name, version first) so stored manifests read well; absent optionals stay absent. */
function normalize(m: Record<string, unknown>): BuildManifest {
  const out: Record<string, unknown> = { name: m.name, version: m.version };
  for (const key of ['description', 'owner', 'main', 'input', 'output', 'webhook']) if (m[key] !== undefined) out[key] = m[key];
  for (const key of ['memoryMb', 'timeoutMs', 'maxConcurrency', 'minWarm', 'idleMs', 'egress', 'secrets']) out[key] = m[key];
  return out as unknown as BuildManifest;
}
