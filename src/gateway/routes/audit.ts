/** The audit log (admin on `*`): who did what, when, with before/after hashes; and its chain check. */
import type { FastifyInstance } from 'fastify';
import { listAuditSchema, verifyAuditSchema } from '../../contracts/index.js';
import type { ApiTypeProvider, GatewayDeps } from '../deps.js';

export function auditRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const api = app.withTypeProvider<ApiTypeProvider>();
  api.get('/api/v1/audit', { config: { action: 'audit:read' }, schema: listAuditSchema }, async (req) => {
    const q = req.query;
    const items = await deps.audit.list({ ...(q.actor ? { actor: q.actor } : {}), ...(q.action ? { action: q.action } : {}), ...(q.before ? { beforeSeq: q.before } : {}), limit: q.limit ?? 100 });
    return { items: items.map((r) => ({ ...r, at: new Date(r.at).toISOString() })) };
  });

  api.get('/api/v1/audit/verify', { config: { action: 'audit:read' }, schema: verifyAuditSchema }, () => deps.audit.verify());
}
