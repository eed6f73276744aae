/** The nodes sharing the database (`GET /api/v1/nodes`): roles, leases held, last heartbeat. */
import type { FastifyInstance } from 'fastify';
import type { GatewayDeps } from '../deps.js';
import { problems } from '../schemas.js';

const node = {
  type: 'object',
  required: ['id', 'roles', 'host', 'pid', 'startedAt', 'heartbeatAt', 'leases', 'live'],
  properties: {
    id: { type: 'string' },
    roles: { type: 'array', items: { type: 'string', enum: ['api', 'worker', 'scheduler'] } },
    host: { type: 'string' },
    pid: { type: 'integer' },
    address: { type: 'string' },
    startedAt: { type: 'string', format: 'date-time' },
    heartbeatAt: { type: 'string', format: 'date-time' },
    leases: { type: 'integer', description: 'Unfinished runs whose lease the node holds' },
    live: { type: 'boolean', description: 'It heartbeat within its lease time' },
  },
};

export function nodeRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  app.get(
    '/api/v1/nodes',
    {
      // Nodes execute runs of every namespace: seeing them takes run:read on `*` (like /metrics).
      config: { action: 'run:read', namespace: '*' },
      schema: { tags: ['nodes'], summary: 'The nodes sharing the database: roles, leases held, last heartbeat', response: { 200: { type: 'object', properties: { items: { type: 'array', items: node } } }, ...problems(401, 403) } },
    },
    async () => ({
      items: (await deps.platform.nodes.list()).map((n) => ({ ...n, startedAt: new Date(n.startedAt).toISOString(), heartbeatAt: new Date(n.heartbeatAt).toISOString() })),
    }),
  );
}
