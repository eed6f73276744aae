/** Starting, listing, reading and controlling runs. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_ERROR_CODES, ApiError, type RunView } from '../../platform/index.js';
import type { Json } from '../../shared/index.js';
import { audit, type GatewayDeps } from '../deps.js';
import { preferWait } from '../prefer.js';
import { timeParam } from '../query-params.js';
import { absentBodyIsEmpty, problems, ref } from '../schemas.js';

const ENDED = new Set(['completed', 'faulted', 'cancelled']);
const STATUSES = ['pending', 'running', 'waiting', 'suspended', 'cancelled', 'faulted', 'completed'];
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 200 } } };

const invalid = (detail: string, pointer: string) => new ApiError(API_ERROR_CODES.invalid, detail, { pointer });

export function runRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const sendRun = (reply: FastifyReply, run: RunView, finished: boolean) =>
    finished ? reply.code(200).send(run) : reply.code(202).header('location', `/api/v1/runs/${encodeURIComponent(run.id)}`).send(run);

  app.post<{ Params: { namespace: string; name: string }; Querystring: { version?: string }; Body: Json }>(
    '/api/v1/workflows/:namespace/:name/runs',
    {
      config: { action: 'run:start', namespaceParam: 'namespace' },
      schema: {
        tags: ['runs'],
        summary: 'Start a run (body = the workflow input)',
        description: '`Idempotency-Key` makes a repeat return the same run. `Prefer: wait=<seconds>` waits up to that long: 200 with the ended run, else 202 with Location.',
        params: { type: 'object', required: ['namespace', 'name'], properties: { namespace: { type: 'string', maxLength: 200 }, name: { type: 'string', maxLength: 200 } } },
        querystring: { type: 'object', properties: { version: { type: 'string', minLength: 1, maxLength: 100 } }, additionalProperties: false },
        // Any JSON (an empty schema constrains nothing): here so that the OpenAPI document has the request body.
        body: { description: 'The workflow input (any JSON; absent = {})' },
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255 }, prefer: { type: 'string', maxLength: 200 } } },
        response: { 200: ref('Run'), 202: ref('Run'), ...problems(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (req, reply) => {
      const wait = preferWait(req.headers.prefer, deps.maxWaitSeconds);
      const key = req.headers['idempotency-key'];
      const { run, created } = await deps.platform.runs.start({
        namespace: req.params.namespace,
        name: req.params.name,
        ...(req.query.version ? { version: req.query.version } : {}),
        input: req.body ?? {},
        ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
        ...(req.traceparent ? { traceparent: req.traceparent } : {}),
        ...(wait ? { waitMs: wait * 1000 } : {}),
      });
      if (wait !== undefined) reply.header('preference-applied', `wait=${wait}`);
      if (!created) reply.header('idempotent-replayed', 'true');
      // Without `Prefer: wait` the answer is always 202 + Location (asynchronous), even when the run happened
      // to end before the answer: clients branch on the status, not on how fast the workflow was.
      return sendRun(reply, run, wait !== undefined && ENDED.has(run.status));
    },
  );

  app.get<{ Querystring: { namespace?: string; workflow?: string; version?: string; status?: string; from?: string; to?: string; cursor?: string; limit?: number } }>(
    '/api/v1/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'List runs, newest first (cursor pagination)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            // Empty values are refused, not read as "no filter": `?status=` is a client bug to report.
            namespace: { type: 'string', minLength: 1, maxLength: 200 },
            workflow: { type: 'string', minLength: 1, maxLength: 401, description: 'namespace/name' },
            version: { type: 'string', minLength: 1, maxLength: 100 },
            status: { type: 'string', minLength: 1, maxLength: 200, description: `comma-separated: ${STATUSES.join(', ')}` },
            from: { type: 'string', minLength: 1, maxLength: 40, description: 'createdAt ≥ this (RFC 3339 or epoch ms)' },
            to: { type: 'string', minLength: 1, maxLength: 40, description: 'createdAt < this (RFC 3339 or epoch ms; not before `from`)' },
            cursor: { type: 'string', minLength: 1, maxLength: 500, pattern: '^[A-Za-z0-9_-]+$', description: '`next` of the previous page' },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
          },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: ref('Run') }, next: { type: 'string' } } }, ...problems(400, 401, 403) },
      },
    },
    async (req) => {
      const q = req.query;
      let namespace = q.namespace;
      let name: string | undefined;
      if (q.workflow) {
        const slash = q.workflow.indexOf('/');
        if (slash <= 0 || slash === q.workflow.length - 1) throw invalid('workflow must be namespace/name', '/workflow');
        namespace = q.workflow.slice(0, slash);
        name = q.workflow.slice(slash + 1);
      }
      const status = q.status ? q.status.split(',').map((s) => s.trim()) : undefined;
      const bad = status?.find((s) => !STATUSES.includes(s));
      if (bad !== undefined) throw invalid(`status ${JSON.stringify(bad)} is not one of ${STATUSES.join(', ')}`, '/status');
      const from = q.from === undefined ? undefined : timeParam(q.from, 'from');
      const to = q.to === undefined ? undefined : timeParam(q.to, 'to');
      if (from !== undefined && to !== undefined && to < from) throw invalid('to must not be before from', '/to');
      // Without a namespace the list spans every namespace: that takes run:read on `*`.
      req.authorize('run:read', namespace ?? '*');
      return deps.platform.runs.list({
        ...(namespace ? { namespace } : {}),
        ...(name ? { name } : {}),
        ...(q.version ? { version: q.version } : {}),
        ...(status ? { status: status as never } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
      });
    },
  );

  /** The run, once the principal may `action` it (404 before 403: ids are not guessable). */
  const runFor = async (req: FastifyRequest<{ Params: { id: string } }>, action: 'run:read' | 'run:control') => {
    const run = await deps.platform.runs.get(req.params.id);
    req.authorize(action, run.namespace);
    return run;
  };

  app.get<{ Params: { id: string } }>('/api/v1/runs/:id', { schema: { tags: ['runs'], summary: 'A run', params: idParams, response: { 200: ref('Run'), ...problems(401, 403, 404) } } }, (req) => runFor(req, 'run:read'));

  app.get<{ Params: { id: string } }>(
    '/api/v1/runs/:id/events',
    { schema: { tags: ['runs'], summary: "The run's lifecycle events (CloudEvents), oldest first", params: idParams, response: { 200: { type: 'object', properties: { items: { type: 'array', items: ref('CloudEvent') } } }, ...problems(401, 403, 404) } } },
    async (req) => {
      await runFor(req, 'run:read');
      return { items: await deps.platform.runs.events(req.params.id) };
    },
  );

  for (const action of ['cancel', 'suspend', 'resume'] as const) {
    app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>(
      `/api/v1/runs/:id/${action}`,
      {
        ...(action === 'cancel' ? { preValidation: absentBodyIsEmpty } : {}),
        schema: {
          tags: ['runs'],
          summary: `${action[0].toUpperCase()}${action.slice(1)} a run`,
          params: idParams,
          ...(action === 'cancel' ? { body: { type: 'object', properties: { reason: { type: 'string', maxLength: 1000 } }, additionalProperties: false } } : {}),
          response: { 200: ref('Run'), ...problems(401, 403, 404, 409) },
        },
      },
      async (req) => {
        const before = await runFor(req, 'run:control');
        const runs = deps.platform.runs;
        const after = action === 'cancel' ? await runs.cancel(req.params.id, req.body?.reason) : action === 'suspend' ? await runs.suspend(req.params.id) : await runs.resume(req.params.id);
        await audit(deps, req, `run:${action}`, `run/${before.id}`, { detail: { from: before.status, to: after.status } });
        return after;
      },
    );
  }
}

