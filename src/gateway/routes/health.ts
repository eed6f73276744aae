/** Probes and metrics: `/healthz` (the process answers), `/readyz` (it can serve), `/metrics` (Prometheus). */
import type { FastifyInstance } from 'fastify';
import { healthzSchema, metricsSchema, readyzSchema } from '../../contracts/index.js';
import type { GatewayDeps } from '../deps.js';
import { GATEWAY_ERROR_CODES, problem, sendProblem } from '../errors.js';

export function healthRoutes(app: FastifyInstance, deps: GatewayDeps, ready: () => boolean): void {
  // Any Host: orchestrators probe with the pod's IP (host-check.ts).
  app.get('/healthz', { config: { public: true, anyHost: true }, schema: healthzSchema }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true, anyHost: true }, schema: readyzSchema }, async (_req, reply) =>
    ready() ? { status: 'ready' } : sendProblem(reply, problem(GATEWAY_ERROR_CODES.notReady, 503, 'the server is starting or shutting down')),
  );
  app.get('/metrics', { schema: metricsSchema }, async (req, reply) => {
    // Metrics span every namespace: reading them takes run:read on `*`.
    req.authorize('run:read', '*');
    if (!deps.telemetry) return reply.type('text/plain; version=0.0.4').send('');
    return reply.type(deps.telemetry.metrics.contentType).send(await deps.telemetry.metrics.text());
  });
}
