/**
 * Deploying, reading, aliasing and invoking functions (`/api/v1/functions`, and `/fn/<name>[:<ref>]`), and
 * draft runs of code that is not deployed (`POST …/draft-invocations`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  deployFunctionSchema, draftInvocationSchema, functionLogsSchema, functionSourceSchema, getFunctionSchema, invokeFunctionSchema, invokeTargetSchema, listFunctionsSchema, setAliasSchema,
} from '../../contracts/index.js';
import { API_ERROR_CODES, ApiError, type DraftInvocationView, type FunctionSourceInput } from '../../platform/index.js';
import type { Json } from '../../shared/index.js';
import { audit, type ApiTypeProvider, type GatewayDeps } from '../deps.js';

export function functionRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const api = app.withTypeProvider<ApiTypeProvider>();
  const fns = deps.platform.functions;
  const { contentHash } = deps.access;

  api.put('/api/v1/functions/:name', { config: { action: 'function:write' }, schema: deployFunctionSchema }, async (req, reply) => {
    const { name } = req.params;
    const { source, manifest } = sourceOf(name, req.body);
    const { function: fn, created } = await fns.deploy(source, manifest);
    if (fn.name !== name) throw new ApiError(API_ERROR_CODES.invalid, `weft.json names ${JSON.stringify(fn.name)}, not ${JSON.stringify(name)}`, { pointer: '/files/weft.json' });
    if (created) await audit(deps, req, 'function:deploy', `function/${fn.name}@${fn.version}`, { after: fn.hash });
    return reply.code(created ? 201 : 200).header('location', `/api/v1/functions/${encodeURIComponent(fn.name)}`).send(fn);
  });

  // Runs arbitrary code with the function's secrets and egress, as a deploy then an invoke could: the
  // deploy's permission, and an audit entry for every run (the draft is kept nowhere else). A draft
  // refused before it ran (manifest, build, the node's draft cap) did nothing, and is not audited.
  api.post('/api/v1/functions/:name/draft-invocations', { config: { action: 'function:write' }, schema: draftInvocationSchema }, async (req) => {
    const { name } = req.params;
    const { source, manifest } = sourceOf(name, req.body);
    const ran = (r: { version: string; hash: string; ok: boolean }) =>
      audit(deps, req, 'function:draft', `function/${name}`, { after: r.hash, detail: { version: r.version, ok: r.ok } });
    let r: DraftInvocationView;
    try {
      r = await fns.draft({ name, source, ...(manifest !== undefined ? { manifest } : {}), input: (req.body.input ?? null) as Json, ...(req.traceparent ? { traceparent: req.traceparent } : {}) });
    } catch (err) {
      const record = (err as { problem?: { invocation?: DraftInvocationView['invocation'] } }).problem?.invocation;
      if (record) await ran(record);
      throw err;
    }
    await ran(r.invocation);
    const bytes = Buffer.byteLength(JSON.stringify(r.output) ?? 'null');
    if (bytes > deps.payloadLimit) throw new ApiError(API_ERROR_CODES.tooLarge, `the function's output is ${bytes} bytes, over the ${deps.payloadLimit}-byte payload limit`);
    return r;
  });

  api.get('/api/v1/functions', { config: { action: 'function:read' }, schema: listFunctionsSchema }, async () => ({ items: await fns.list() }));

  api.get('/api/v1/functions/:name', { config: { action: 'function:read' }, schema: getFunctionSchema }, (req) => fns.get(req.params.name));

  api.get('/api/v1/functions/:name/versions/:version/source', { config: { action: 'function:read' }, schema: functionSourceSchema }, (req) => fns.source(req.params.name, req.params.version));

  api.get('/api/v1/functions/:name/logs', { config: { action: 'function:read' }, schema: functionLogsSchema }, async (req) => ({
    // Times as ISO 8601, like every other answer of the API.
    items: (await fns.logs(req.params.name, req.query.limit ?? 50)).map((r) => ({ ...r, at: new Date(r.at).toISOString(), logs: r.logs.map((l) => ({ ...l, at: new Date(l.at).toISOString() })) })),
  }));

  api.put('/api/v1/functions/:name/aliases/:alias', { config: { action: 'function:write' }, schema: setAliasSchema }, async (req) => {
    const { name, alias } = req.params;
    const routes = req.body.routes ?? [{ version: req.body.version!, weight: 100 }];
    const { before, after } = await fns.setAlias({ name, alias, routes });
    await audit(deps, req, 'function:alias', `function/${name}:${alias}`, { ...(before ? { before: contentHash(before.routes) } : {}), after: contentHash(after.routes), detail: { routes: after.routes as unknown as Json } });
    return after;
  });

  const invoke = async (req: FastifyRequest, reply: FastifyReply, name: string, ref: string | undefined) => {
    const key = req.headers['idempotency-key'];
    const r = await fns.invoke({ name, ...(ref ? { ref } : {}), input: (req.body ?? null) as Json, ...(typeof key === 'string' ? { idempotencyKey: key } : {}), ...(req.traceparent ? { traceparent: req.traceparent } : {}) });
    const text = JSON.stringify(r.output) ?? 'null';
    if (Buffer.byteLength(text) > deps.payloadLimit) throw new ApiError(API_ERROR_CODES.tooLarge, `the function's output is ${Buffer.byteLength(text)} bytes, over the ${deps.payloadLimit}-byte payload limit`);
    return reply.header('weft-function-version', r.version).type('application/json').send(text);
  };

  api.post('/api/v1/functions/:name/invoke', { config: { action: 'function:invoke' }, schema: invokeFunctionSchema }, (req, reply) => invoke(req, reply, req.params.name, req.query.ref));

  api.post('/fn/:target', { config: { action: 'function:invoke' }, schema: invokeTargetSchema }, (req, reply) => {
    const i = req.params.target.indexOf(':');
    return invoke(req, reply, i < 0 ? req.params.target : req.params.target.slice(0, i), i < 0 ? undefined : req.params.target.slice(i + 1));
  });
}

/**
 * The source and manifest of a deploy (or draft) body. One module (`source`) is `index.ts`; the manifest's
 * name defaults to the path's and must equal it (weft.json among `files` is checked once parsed).
 */
function sourceOf(name: string, b: { manifest?: Record<string, unknown>; source?: string; files?: Record<string, string>; entry?: string }): { source: FunctionSourceInput; manifest: Json | undefined } {
  const manifest = b.manifest ? { ...b.manifest, name: b.manifest.name ?? name } : undefined;
  if (manifest && manifest.name !== name) throw new ApiError(API_ERROR_CODES.invalid, `manifest name ${JSON.stringify(manifest.name)} does not match the path's ${JSON.stringify(name)}`, { pointer: '/manifest/name' });
  const source = b.source !== undefined ? { files: { 'index.ts': b.source }, entry: 'index.ts' } : { files: b.files ?? {}, ...(b.entry ? { entry: b.entry } : {}) };
  return { source, manifest: manifest as Json | undefined };
}
