/** `GET /api/v1/me`: who the caller is, how they authenticated, their roles and until when (the studio's header). */
import type { FastifyInstance } from 'fastify';
import { meSchema } from '../../contracts/index.js';
import type { ApiTypeProvider } from '../deps.js';

export function meRoutes(app: FastifyInstance): void {
  // No action: any authenticated caller may ask who they are.
  app.withTypeProvider<ApiTypeProvider>().get('/api/v1/me', { schema: meSchema }, async (req) => {
    const p = req.principal;
    return {
      actor: p.actor,
      via: p.via,
      ...(p.name ? { name: p.name } : {}),
      ...(p.email ? { email: p.email } : {}),
      scopes: p.scopes.map((s) => ({ namespace: s.namespace, role: s.role })),
      ...(p.expiresAt !== undefined ? { expiresAt: new Date(p.expiresAt).toISOString() } : {}),
    };
  });
}
