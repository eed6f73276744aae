/**
 * `POST /api/v1/runs/redrive`: bulk redrive by filter (docs/repair.md). Asynchronous (202): a thousand runs
 * at the default 20 per second take fifty seconds, longer than a client should hold a request open; the
 * answer lists the runs, and each one's redrive shows on it (`redrives`) and in the audit log as it happens.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bulkRedriveSchema } from '../../contracts/index.js';
import { API_ERROR_CODES, ApiError } from '../../platform/index.js';
import type { Json } from '../../shared/index.js';
import { audit, type ApiTypeProvider, type GatewayDeps } from '../deps.js';
import { timeParam } from '../query-params.js';

const invalid = (detail: string, pointer: string) => new ApiError(API_ERROR_CODES.invalid, detail, { pointer });

export function bulkRedriveRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const api = app.withTypeProvider<ApiTypeProvider>();

  /**
   * Where the caller may redrive: the filter's namespace (403 without run:control there), else every
   * namespace with run:control on `*`, else those its roles name — as GET /api/v1/runs does for run:read.
   */
  const scope = (req: FastifyRequest, namespace: string | undefined): { namespace?: string; namespaces?: string[] } => {
    if (namespace !== undefined) {
      req.authorize('run:control', namespace);
      return { namespace };
    }
    if (deps.access.can(req.principal.scopes, 'run:control', '*')) return {};
    const namespaces = [...new Set(req.principal.scopes.map((s) => s.namespace))].filter((ns) => ns !== '*' && deps.access.can(req.principal.scopes, 'run:control', ns));
    if (!namespaces.length) req.authorize('run:control', '*');
    return { namespaces };
  };

  api.post('/api/v1/runs/redrive', { schema: bulkRedriveSchema }, async (req, reply) => {
    const b = req.body;
    let namespace = b.namespace;
    let name: string | undefined;
    if (b.workflow) {
      const slash = b.workflow.indexOf('/');
      if (slash <= 0 || slash === b.workflow.length - 1) throw invalid('workflow must be namespace/name', '/workflow');
      if (namespace !== undefined && namespace !== b.workflow.slice(0, slash)) throw invalid('namespace and workflow name different namespaces', '/namespace');
      namespace = b.workflow.slice(0, slash);
      name = b.workflow.slice(slash + 1);
    }
    const from = b.from === undefined ? undefined : timeParam(b.from, 'from');
    const to = b.to === undefined ? undefined : timeParam(b.to, 'to');
    if (from !== undefined && to !== undefined && to < from) throw invalid('to must not be before from', '/to');
    const started = await deps.platform.runs.redriveMatching(
      {
        ...scope(req, namespace),
        ...(name ? { name } : {}),
        ...(b.version ? { version: b.version } : {}),
        ...(b.status ? { status: b.status } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(b.errorType ? { errorType: b.errorType } : {}),
        ...(b.limit ? { limit: b.limit } : {}),
      },
      {
        dryRun: b.dryRun === true,
        by: req.principal.actor,
        // Each redrive is audited as the single route audits it, marked bulk; a refused one (another
        // redrive or a cancel got there first) with its problem code, so the log says what did not happen.
        onRedriven: (item, err) =>
          audit(deps, req, 'run:redrive', `run/${item.id}`, {
            detail: { bulk: true, from: item.status, ...(err ? { refused: String((err as { code?: string }).code ?? (err as Error).message) } : { to: 'running' }) } as Json,
          }),
      },
    );
    const { done: _done, ...answer } = started;
    return reply.code(answer.dryRun ? 200 : 202).send(answer);
  });
}
