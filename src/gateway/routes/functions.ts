/** Deploying, reading, aliasing and invoking functions (`/api/v1/functions`, and `/fn/<name>[:<ref>]`). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_ERROR_CODES, ApiError } from '../../platform/index.js';
import type { Json } from '../../shared/index.js';
import { contentHash } from '../../security/index.js';
import { audit, type GatewayDeps } from '../deps.js';
import { problems, ref } from '../schemas.js';

const nameParam = { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 100 } } };

interface DeployBody {
  manifest?: Record<string, Json>;
  /** One module: the function's code (TypeScript or JavaScript). */
  source?: string;
  /** Several modules by relative path; `entry` names the one whose default export is the function. */
  files?: Record<string, string>;
  entry?: string;
}

export function functionRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const fns = deps.platform.functions;

  app.put<{ Params: { name: string }; Body: DeployBody }>(
    '/api/v1/functions/:name',
    {
      config: { action: 'function:write' },
      schema: {
        tags: ['functions'],
        summary: 'Deploy a version (source + manifest)',
        description: 'Bundles the code with esbuild into one immutable version. Identical code and manifest return the existing version (200); another version number with other content is a new version (201); the same version with other content is 409.',
        params: nameParam,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            manifest: { type: 'object', description: 'weft.json: name, version, input/output schemas, memoryMb, timeoutMs, …' },
            source: { type: 'string' },
            files: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 200 },
            entry: { type: 'string', maxLength: 300 },
          },
          oneOf: [{ required: ['source'] }, { required: ['files'] }],
        },
        response: { 200: ref('Function'), 201: ref('Function'), ...problems(400, 401, 403, 409, 413, 415) },
      },
    },
    async (req, reply) => {
      const { name } = req.params;
      const b = req.body;
      const manifest = b.manifest ? { ...b.manifest, name: b.manifest.name ?? name } : undefined;
      if (manifest && manifest.name !== name) throw new ApiError(API_ERROR_CODES.invalid, `manifest name ${JSON.stringify(manifest.name)} does not match the path's ${JSON.stringify(name)}`, { pointer: '/manifest/name' });
      const source = b.source !== undefined ? { files: { 'index.ts': b.source }, entry: 'index.ts' } : { files: b.files ?? {}, ...(b.entry ? { entry: b.entry } : {}) };
      const { function: fn, created } = await fns.deploy(source, manifest);
      if (fn.name !== name) throw new ApiError(API_ERROR_CODES.invalid, `weft.json names ${JSON.stringify(fn.name)}, not ${JSON.stringify(name)}`, { pointer: '/files/weft.json' });
      if (created) await audit(deps, req, 'function:deploy', `function/${fn.name}@${fn.version}`, { after: fn.hash });
      return reply.code(created ? 201 : 200).header('location', `/api/v1/functions/${encodeURIComponent(fn.name)}`).send(fn);
    },
  );

  app.get('/api/v1/functions', { config: { action: 'function:read' }, schema: { tags: ['functions'], summary: 'Every function with its versions and aliases', response: { 200: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', additionalProperties: true } } } }, ...problems(401, 403) } } }, async () => ({
    items: await fns.list(),
  }));

  app.get<{ Params: { name: string } }>(
    '/api/v1/functions/:name',
    { config: { action: 'function:read' }, schema: { tags: ['functions'], summary: 'A function: versions (newest first, with manifests) and aliases', params: nameParam, response: { 200: { type: 'object', additionalProperties: true }, ...problems(401, 403, 404) } } },
    (req) => fns.get(req.params.name),
  );

  app.get<{ Params: { name: string; version: string } }>(
    '/api/v1/functions/:name/versions/:version/source',
    {
      config: { action: 'function:read' },
      schema: {
        tags: ['functions'],
        summary: 'The TypeScript/JavaScript source files a version was deployed from',
        description: 'The function\'s own modules by relative path (npm packages and weft.json left out) and the entry module. 404 for an unknown function or version, and for a version deployed before sources were kept or whose sources were over 1 MB.',
        params: { type: 'object', required: ['name', 'version'], properties: { name: { type: 'string', maxLength: 100 }, version: { type: 'string', maxLength: 100 } } },
        response: {
          200: {
            type: 'object',
            required: ['name', 'version', 'entry', 'files'],
            properties: { name: { type: 'string' }, version: { type: 'string' }, entry: { type: 'string' }, files: { type: 'object', additionalProperties: { type: 'string' } } },
          },
          ...problems(401, 403, 404),
        },
      },
    },
    (req) => fns.source(req.params.name, req.params.version),
  );

  app.get<{ Params: { name: string }; Querystring: { limit?: number } }>(
    '/api/v1/functions/:name/logs',
    {
      config: { action: 'function:read' },
      schema: { tags: ['functions'], summary: 'The newest invocations: cold or warm, queue wait, duration, outcome, log lines', params: nameParam, querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500 } } }, response: { 200: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', additionalProperties: true } } } }, ...problems(401, 403, 404) } },
    },
    async (req) => ({
      // Times as ISO 8601, like every other answer of the API.
      items: (await fns.logs(req.params.name, req.query.limit ?? 50)).map((r) => ({ ...r, at: new Date(r.at).toISOString(), logs: r.logs.map((l) => ({ ...l, at: new Date(l.at).toISOString() })) })),
    }),
  );

  app.put<{ Params: { name: string; alias: string }; Body: { routes?: { version: string; weight: number }[]; version?: string } }>(
    '/api/v1/functions/:name/aliases/:alias',
    {
      config: { action: 'function:write' },
      schema: {
        tags: ['functions'],
        summary: 'Point an alias at a version, or split it between two by weight (rollback = move it back)',
        params: { type: 'object', required: ['name', 'alias'], properties: { name: { type: 'string', maxLength: 100 }, alias: { type: 'string', maxLength: 100 } } },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { version: { type: 'string', maxLength: 100 }, routes: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'object', required: ['version', 'weight'], additionalProperties: false, properties: { version: { type: 'string', maxLength: 100 }, weight: { type: 'integer', minimum: 0, maximum: 100 } } } } },
          oneOf: [{ required: ['version'] }, { required: ['routes'] }],
        },
        response: { 200: ref('Alias'), ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { name, alias } = req.params;
      const routes = req.body.routes ?? [{ version: req.body.version!, weight: 100 }];
      const { before, after } = await fns.setAlias({ name, alias, routes });
      await audit(deps, req, 'function:alias', `function/${name}:${alias}`, { ...(before ? { before: contentHash(before.routes) } : {}), after: contentHash(after.routes), detail: { routes: after.routes as unknown as Json } });
      return after;
    },
  );

  const invoke = async (req: FastifyRequest, reply: FastifyReply, name: string, ref: string | undefined) => {
    const key = req.headers['idempotency-key'];
    const r = await fns.invoke({ name, ...(ref ? { ref } : {}), input: (req.body ?? null) as Json, ...(typeof key === 'string' ? { idempotencyKey: key } : {}), ...(req.traceparent ? { traceparent: req.traceparent } : {}) });
    const text = JSON.stringify(r.output) ?? 'null';
    if (Buffer.byteLength(text) > deps.payloadLimit) throw new ApiError(API_ERROR_CODES.tooLarge, `the function's output is ${Buffer.byteLength(text)} bytes, over the ${deps.payloadLimit}-byte payload limit`);
    return reply.header('weft-function-version', r.version).type('application/json').send(text);
  };
  const invokeSchema = (summary: string, params: object) => ({
    tags: ['functions'],
    summary,
    description: 'Body = the function input (JSON), answer = its output. Errors: 400 validation, 408 timeout, 429 throttled (retry later), 500 runtime.',
    params,
    body: { description: 'The function input (any JSON; absent = null)' },
    headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255 } } },
    response: { 200: { description: 'The function output (any JSON)' }, ...problems(400, 401, 403, 404, 408, 413, 415, 429, 500) },
  });

  app.post<{ Params: { name: string }; Querystring: { ref?: string } }>(
    '/api/v1/functions/:name/invoke',
    { config: { action: 'function:invoke' }, schema: { ...invokeSchema('Invoke a function (`?ref=` a version or alias; default: the live alias, else the newest version)', nameParam), querystring: { type: 'object', additionalProperties: false, properties: { ref: { type: 'string', minLength: 1, maxLength: 100 } } } } },
    (req, reply) => invoke(req, reply, req.params.name, req.query.ref),
  );

  app.post<{ Params: { target: string } }>(
    '/fn/:target',
    { config: { action: 'function:invoke' }, schema: invokeSchema('Invoke a function: /fn/<name>[:<version|alias>]', { type: 'object', required: ['target'], properties: { target: { type: 'string', maxLength: 200 } } }) },
    (req, reply) => {
      const i = req.params.target.indexOf(':');
      return invoke(req, reply, i < 0 ? req.params.target : req.params.target.slice(0, i), i < 0 ? undefined : req.params.target.slice(i + 1));
    },
  );
}
