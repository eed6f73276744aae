/** API keys (admin on `*` only): create (the secret is shown once), list, rotate with overlap, revoke. */
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../ports/index.js';
import type { ApiKeyInfo } from '../../security/index.js';
import { AUTH_ERROR_CODES, AuthError, contentHash } from '../../security/index.js';
import { audit, type GatewayDeps } from '../deps.js';
import { absentBodyIsEmpty, problems, ref } from '../schemas.js';

const ROLES = ['admin', 'developer', 'operator', 'viewer', 'invoker'];
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } };
const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Times as ISO 8601, like every other answer of the API. */
function keyView(k: ApiKeyInfo): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ ...k, createdAt: iso(k.createdAt), expiresAt: iso(k.expiresAt), revokedAt: iso(k.revokedAt), rotatedAt: iso(k.rotatedAt), previousUntil: iso(k.previousUntil) })) as Record<string, unknown>;
}

/** What the audit log keeps of a key's state: its grants and lifecycle, never a secret or hash. */
const keyState = (k: ApiKeyInfo) => contentHash({ scopes: k.scopes, expiresAt: k.expiresAt ?? null, revokedAt: k.revokedAt ?? null, rotatedAt: k.rotatedAt ?? null });

export function keyRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const admin = { action: 'key:admin' as const };
  const withSecret = { type: 'object', properties: { key: ref('ApiKey'), secret: { type: 'string', description: 'wk_<id>_<secret>: shown once, store it now' } } };

  app.post<{ Body: { name: string; scopes: { namespace: string; role: Role }[]; expiresAt?: string } }>(
    '/api/v1/keys',
    {
      config: admin,
      schema: {
        tags: ['keys'],
        summary: 'Create an API key (returns its secret once)',
        body: {
          type: 'object',
          required: ['name', 'scopes'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            scopes: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'object', required: ['namespace', 'role'], additionalProperties: false, properties: { namespace: { type: 'string', minLength: 1, maxLength: 200 }, role: { type: 'string', enum: ROLES } } } },
            expiresAt: { type: 'string', format: 'date-time' },
          },
        },
        response: { 201: withSecret, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const { name, scopes, expiresAt } = req.body;
      const issued = await deps.keys.create({ name, scopes, createdBy: req.principal.actor, ...(expiresAt ? { expiresAt: Date.parse(expiresAt) } : {}) });
      await audit(deps, req, 'key:create', `key/${issued.record.id}`, { after: keyState(issued.record), detail: { name, scopes: scopes as never } });
      return reply.code(201).header('location', `/api/v1/keys/${issued.record.id}`).send({ key: keyView(issued.record), secret: issued.secret });
    },
  );

  app.get('/api/v1/keys', { config: admin, schema: { tags: ['keys'], summary: 'Every key (never a secret)', response: { 200: { type: 'object', properties: { items: { type: 'array', items: ref('ApiKey') } } }, ...problems(401, 403) } } }, async () => ({
    items: (await deps.keys.list()).map(keyView),
  }));

  app.get<{ Params: { id: string } }>('/api/v1/keys/:id', { config: admin, schema: { tags: ['keys'], summary: 'One key', params: idParams, response: { 200: ref('ApiKey'), ...problems(401, 403, 404) } } }, async (req) => {
    const k = await deps.keys.get(req.params.id);
    if (!k) throw new AuthError(AUTH_ERROR_CODES.unknownKey, `key ${req.params.id} does not exist`);
    return keyView(k);
  });

  app.post<{ Params: { id: string }; Body: { overlapSeconds?: number } | undefined }>(
    '/api/v1/keys/:id/rotate',
    {
      config: admin,
      preValidation: absentBodyIsEmpty,
      schema: {
        tags: ['keys'],
        summary: 'Issue a new secret; the old one keeps working for the overlap (default 24 h)',
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { overlapSeconds: { type: 'integer', minimum: 0, maximum: 30 * 86400 } } },
        response: { 200: withSecret, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const before = await deps.keys.get(req.params.id);
      const overlap = req.body?.overlapSeconds;
      const issued = await deps.keys.rotate(req.params.id, overlap === undefined ? {} : { overlapMs: overlap * 1000 });
      await audit(deps, req, 'key:rotate', `key/${req.params.id}`, { ...(before ? { before: keyState(before) } : {}), after: keyState(issued.record) });
      return { key: keyView(issued.record), secret: issued.secret };
    },
  );

  const revoke = async (req: { params: { id: string } } & Parameters<typeof audit>[1]) => {
    const before = await deps.keys.get(req.params.id);
    const after = await deps.keys.revoke(req.params.id);
    await audit(deps, req, 'key:revoke', `key/${req.params.id}`, { ...(before ? { before: keyState(before) } : {}), after: keyState(after) });
    return keyView(after);
  };
  const revokeSchema = { tags: ['keys'], summary: 'Revoke a key (immediately)', params: idParams, response: { 200: ref('ApiKey'), ...problems(401, 403, 404) } };
  app.post<{ Params: { id: string } }>('/api/v1/keys/:id/revoke', { config: admin, schema: revokeSchema }, (req) => revoke(req));
  app.delete<{ Params: { id: string } }>('/api/v1/keys/:id', { config: admin, schema: revokeSchema }, (req) => revoke(req));
}
