/** Starting, listing, reading and controlling runs. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RUN_CONTROLS, RUN_STATUSES, type RunStatus, TERMINAL, getRunSchema, isRunStatus, listRunsSchema, redriveRunSchema, rerunRunSchema, runControlSchema, runEventsSchema, startRunSchema } from '../../contracts/index.js';
import { API_ERROR_CODES, ApiError, type RunView } from '../../platform/index.js';
import type { Json } from '../../shared/index.js';
import { audit, type ApiTypeProvider, type GatewayDeps, viewOptions } from '../deps.js';
import { absentBodyIsEmpty } from '../optional-body.js';
import { preferWait } from '../prefer.js';
import { timeParam } from '../query-params.js';

const invalid = (detail: string, pointer: string) => new ApiError(API_ERROR_CODES.invalid, detail, { pointer });

export function runRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const api = app.withTypeProvider<ApiTypeProvider>();
  const viewFor = (req: FastifyRequest) => viewOptions(deps, req);
  const sendRun = (reply: FastifyReply, run: RunView, finished: boolean) =>
    finished ? reply.code(200).send(run) : reply.code(202).header('location', `/api/v1/runs/${encodeURIComponent(run.id)}`).send(run);

  api.post('/api/v1/workflows/:namespace/:name/runs', { config: { action: 'run:start', namespaceParam: 'namespace' }, schema: startRunSchema }, async (req, reply) => {
    const wait = preferWait(req.headers.prefer, deps.maxWaitSeconds);
    const key = req.headers['idempotency-key'];
    const { run, created } = await deps.platform.runs.start({
      namespace: req.params.namespace,
      name: req.params.name,
      ...(req.query.version ? { version: req.query.version } : {}),
      input: (req.body ?? {}) as Json,
      ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
      ...(req.traceparent ? { traceparent: req.traceparent } : {}),
      ...(wait ? { waitMs: wait * 1000 } : {}),
    }, viewFor(req));
    if (wait !== undefined) reply.header('preference-applied', `wait=${wait}`);
    if (!created) reply.header('idempotent-replayed', 'true');
    // Without `Prefer: wait` the answer is always 202 + Location (asynchronous), even when the run happened
    // to end before the answer: clients branch on the status, not on how fast the workflow was.
    return sendRun(reply, run, wait !== undefined && TERMINAL.has(run.status));
  });

  api.get('/api/v1/runs', { schema: listRunsSchema }, async (req) => {
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
    const bad = status?.find((s) => !isRunStatus(s));
    if (bad !== undefined) throw invalid(`status ${JSON.stringify(bad)} is not one of ${RUN_STATUSES.join(', ')}`, '/status');
    const from = q.from === undefined ? undefined : timeParam(q.from, 'from');
    const to = q.to === undefined ? undefined : timeParam(q.to, 'to');
    if (from !== undefined && to !== undefined && to < from) throw invalid('to must not be before from', '/to');
    // Without a namespace the list spans what the caller may read: every namespace with run:read on `*`,
    // else the namespaces its roles name (a person signed in for two teams sees both teams' runs).
    let namespaces: string[] | undefined;
    if (namespace === undefined && !deps.access.can(req.principal.scopes, 'run:read', '*')) {
      namespaces = [...new Set(req.principal.scopes.map((s) => s.namespace))].filter((ns) => ns !== '*' && deps.access.can(req.principal.scopes, 'run:read', ns));
      if (!namespaces.length) req.authorize('run:read', '*');
    } else req.authorize('run:read', namespace ?? '*');
    return deps.platform.runs.list({
      ...(namespace ? { namespace } : {}),
      ...(namespaces ? { namespaces } : {}),
      ...(name ? { name } : {}),
      ...(q.version ? { version: q.version } : {}),
      ...(status ? { status: status as RunStatus[] } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...(q.limit ? { limit: q.limit } : {}),
    }, viewFor(req));
  });

  /** The run, once the principal may `action` it (404 before 403: ids are not guessable). */
  const runFor = async (req: FastifyRequest & { params: { id: string } }, action: 'run:read' | 'run:control') => {
    const run = await deps.platform.runs.get(req.params.id, viewFor(req));
    req.authorize(action, run.namespace);
    return run;
  };

  api.get('/api/v1/runs/:id', { schema: getRunSchema }, (req) => runFor(req, 'run:read'));

  api.get('/api/v1/runs/:id/events', { schema: runEventsSchema }, async (req) => {
    await runFor(req, 'run:read');
    return { items: await deps.platform.runs.events(req.params.id, viewFor(req)) };
  });

  for (const action of RUN_CONTROLS) {
    api.post(`/api/v1/runs/:id/${action}`, { ...(action === 'cancel' ? { preValidation: absentBodyIsEmpty } : {}), schema: runControlSchema(action) }, async (req) => {
      const before = await runFor(req, 'run:control');
      const runs = deps.platform.runs;
      const reason = (req.body as { reason?: string } | undefined)?.reason;
      const view = viewFor(req);
      const after = action === 'cancel' ? await runs.cancel(req.params.id, reason, view) : action === 'suspend' ? await runs.suspend(req.params.id, view) : await runs.resume(req.params.id, view);
      await audit(deps, req, `run:${action}`, `run/${before.id}`, { detail: { from: before.status, to: after.status } });
      return after;
    });
  }

  /**
   * Repairs (docs/repair.md): both take `run:control` in the run's namespace and are audited with the
   * fields their patch sets or removes — not the values, which may be sensitive (the run shows them masked).
   */
  const patchedFields = (patch: unknown): Json => (patch && typeof patch === 'object' && !Array.isArray(patch) ? Object.keys(patch) : []);
  api.post('/api/v1/runs/:id/redrive', { preValidation: absentBodyIsEmpty, schema: redriveRunSchema }, async (req) => {
    const before = await runFor(req, 'run:control');
    const body = req.body ?? {};
    const after = await deps.platform.runs.redrive(req.params.id, { ...(body.version ? { version: body.version } : {}), ...(body.patch !== undefined ? { patch: body.patch as Json } : {}), by: req.principal.actor }, viewFor(req));
    await audit(deps, req, 'run:redrive', `run/${before.id}`, { detail: { from: before.status, to: after.status, ...(body.version ? { version: body.version } : {}), ...(body.patch !== undefined ? { patched: patchedFields(body.patch) } : {}) } });
    return after;
  });

  api.post('/api/v1/runs/:id/rerun', { schema: rerunRunSchema }, async (req, reply) => {
    const before = await runFor(req, 'run:control');
    const body = req.body;
    const run = await deps.platform.runs.rerun(req.params.id, { from: body.from, ...(body.version ? { version: body.version } : {}), ...(body.patch !== undefined ? { patch: body.patch as Json } : {}), by: req.principal.actor }, viewFor(req));
    await audit(deps, req, 'run:rerun', `run/${before.id}`, { detail: { run: run.id, from: body.from, ...(body.version ? { version: body.version } : {}), ...(body.patch !== undefined ? { patched: patchedFields(body.patch) } : {}) } });
    return reply.code(201).header('location', `/api/v1/runs/${encodeURIComponent(run.id)}`).send(run);
  });
}
