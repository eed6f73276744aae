/** The nodes sharing the database (`GET /api/v1/nodes`): roles, leases held, last heartbeat. */
import type { FastifyInstance } from 'fastify';
import { listNodesSchema } from '../../contracts/index.js';
import type { ApiTypeProvider, GatewayDeps } from '../deps.js';

export function nodeRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  app.withTypeProvider<ApiTypeProvider>().get(
    '/api/v1/nodes',
    // Nodes execute runs of every namespace: seeing them takes run:read on `*` (like /metrics).
    { config: { action: 'run:read', namespace: '*' }, schema: listNodesSchema },
    async () => ({
      items: (await deps.platform.nodes.list()).map((n) => ({ ...n, startedAt: new Date(n.startedAt).toISOString(), heartbeatAt: new Date(n.heartbeatAt).toISOString() })),
    }),
  );
}
