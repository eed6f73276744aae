/** The audit log (admin on `*`): who did what, when, with before/after hashes; and its chain check. */
import type { FastifyInstance } from 'fastify';
import type { GatewayDeps } from '../deps.js';
import { problems } from '../schemas.js';

const record = {
  type: 'object',
  properties: {
    seq: { type: 'integer' }, at: { type: 'string', format: 'date-time' }, actor: { type: 'string' }, action: { type: 'string' }, target: { type: 'string' },
    before: { type: 'string' }, after: { type: 'string' }, detail: {}, prev: { type: 'string' }, hash: { type: 'string' },
  },
  additionalProperties: true,
};

export function auditRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  app.get<{ Querystring: { actor?: string; action?: string; before?: number; limit?: number } }>(
    '/api/v1/audit',
    {
      config: { action: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit records, newest first (`before` = a seq, for the next page)',
        querystring: { type: 'object', additionalProperties: false, properties: { actor: { type: 'string', minLength: 1, maxLength: 200 }, action: { type: 'string', minLength: 1, maxLength: 100 }, before: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: record } } }, ...problems(400, 401, 403) },
      },
    },
    async (req) => {
      const q = req.query;
      const items = await deps.audit.list({ ...(q.actor ? { actor: q.actor } : {}), ...(q.action ? { action: q.action } : {}), ...(q.before ? { beforeSeq: q.before } : {}), limit: q.limit ?? 100 });
      return { items: items.map((r) => ({ ...r, at: new Date(r.at).toISOString() })) };
    },
  );

  app.get('/api/v1/audit/verify', { config: { action: 'audit:read' }, schema: { tags: ['audit'], summary: 'Recompute the hash chain: ok, or the first broken record', response: { 200: { type: 'object', additionalProperties: true }, ...problems(401, 403) } } }, () => deps.audit.verify());
}
