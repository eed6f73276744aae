/** API keys (admin on `*` only): create (the secret is shown once), list, rotate with overlap, revoke. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createKeySchema, getKeySchema, listKeysSchema, revokeKeySchema, rotateKeySchema } from '../../contracts/index.js';
import type { KeyInfo } from '../../platform/index.js';
import { audit, type ApiTypeProvider, type GatewayDeps } from '../deps.js';
import { absentBodyIsEmpty } from '../optional-body.js';

const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Times as ISO 8601, like every other answer of the API. */
function keyView(k: KeyInfo): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ ...k, createdAt: iso(k.createdAt), expiresAt: iso(k.expiresAt), revokedAt: iso(k.revokedAt), rotatedAt: iso(k.rotatedAt), previousUntil: iso(k.previousUntil) })) as Record<string, unknown>;
}

export function keyRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const api = app.withTypeProvider<ApiTypeProvider>();
  const admin = { action: 'key:admin' as const };
  /** What the audit log keeps of a key's state: its grants and lifecycle, never a secret or hash. */
  const keyState = (k: KeyInfo) => deps.access.contentHash({ scopes: k.scopes, expiresAt: k.expiresAt ?? null, revokedAt: k.revokedAt ?? null, rotatedAt: k.rotatedAt ?? null });

  api.post('/api/v1/keys', { config: admin, schema: createKeySchema }, async (req, reply) => {
    const { name, scopes, expiresAt } = req.body;
    const issued = await deps.keys.create({ name, scopes, createdBy: req.principal.actor, ...(expiresAt ? { expiresAt: Date.parse(expiresAt) } : {}) });
    await audit(deps, req, 'key:create', `key/${issued.record.id}`, { after: keyState(issued.record), detail: { name, scopes: scopes as never } });
    return reply.code(201).header('location', `/api/v1/keys/${issued.record.id}`).send({ key: keyView(issued.record), secret: issued.secret });
  });

  api.get('/api/v1/keys', { config: admin, schema: listKeysSchema }, async () => ({ items: (await deps.keys.list()).map(keyView) }));

  api.get('/api/v1/keys/:id', { config: admin, schema: getKeySchema }, async (req) => {
    const k = await deps.keys.get(req.params.id);
    if (!k) throw deps.access.refuse('unknownKey', `key ${req.params.id} does not exist`);
    return keyView(k);
  });

  api.post('/api/v1/keys/:id/rotate', { config: admin, preValidation: absentBodyIsEmpty, schema: rotateKeySchema }, async (req) => {
    const before = await deps.keys.get(req.params.id);
    const overlap = req.body?.overlapSeconds;
    const issued = await deps.keys.rotate(req.params.id, overlap === undefined ? {} : { overlapMs: overlap * 1000 });
    await audit(deps, req, 'key:rotate', `key/${req.params.id}`, { ...(before ? { before: keyState(before) } : {}), after: keyState(issued.record) });
    return { key: keyView(issued.record), secret: issued.secret };
  });

  const revoke = async (req: FastifyRequest & { params: { id: string } }) => {
    const before = await deps.keys.get(req.params.id);
    const after = await deps.keys.revoke(req.params.id);
    await audit(deps, req, 'key:revoke', `key/${req.params.id}`, { ...(before ? { before: keyState(before) } : {}), after: keyState(after) });
    return keyView(after);
  };
  api.post('/api/v1/keys/:id/revoke', { config: admin, schema: revokeKeySchema }, (req) => revoke(req));
  api.delete('/api/v1/keys/:id', { config: admin, schema: revokeKeySchema }, (req) => revoke(req));
}
