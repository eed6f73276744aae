/**
 * The HTTP API (Fastify): JSON Schema on every route, OpenAPI 3.1 generated from them at
 * /api/openapi.json (interactive docs at /api/docs), problem+json for every failure, body limits, rate
 * limits per key (per IP without one) and route group, a span and metrics per request. HTTP hygiene:
 * security headers on every answer, a Host allow-list, failed authentications throttled, bounded headers
 * and deadlines, and problem+json even for what Node's HTTP parser refuses.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import type { Logger } from 'pino';
import { installAuth } from './auth.js';
import { AuthFailures, DEFAULT_AUTH_FAILURE_LIMIT } from './auth-failures.js';
import { installBodyParsers } from './body-parsers.js';
import { clientErrorHandler } from './client-errors.js';
import { type HostPolicy, installHostCheck } from './host-check.js';
import { type HttpLimits, installHeaderCount, resolveHttpLimits, serverOptions } from './http-limits.js';
import { GroupRateLimitStore } from './rate-limit-store.js';
import type { GatewayDeps, RateLimit, RouteGroup } from './deps.js';
import { GATEWAY_ERROR_CODES, problem, sendProblem, toProblem } from './errors.js';
import { applySecurityHeaders, installSecurityHeaders } from './security-headers.js';
import { auditRoutes } from './routes/audit.js';
import { eventRoutes } from './routes/events.js';
import { functionRoutes } from './routes/functions.js';
import { healthRoutes } from './routes/health.js';
import { keyRoutes } from './routes/keys.js';
import { meRoutes } from './routes/me.js';
import { secretRoutes } from './routes/secrets.js';
import { nodeRoutes } from './routes/nodes.js';
import { runRoutes } from './routes/runs.js';
import { bulkRedriveRoutes } from './routes/bulk-redrive.js';
import { ssoRoutes } from './routes/sso.js';
import { studioRoutes } from './routes/studio.js';
import { workflowRoutes } from './routes/workflows.js';
import { API_SCHEMAS, openApiSchema } from '../contracts/index.js';

export interface GatewayOptions extends Omit<GatewayDeps, 'payloadLimit' | 'maxWaitSeconds'> {
  /** `serve` requires an API key on every route but the probes; `dev` trusts the local caller. */
  auth: boolean;
  payloadLimit?: number;
  maxWaitSeconds?: number;
  /** Per route group; `false` turns rate limiting off (weft dev). */
  rateLimits?: Partial<Record<RouteGroup, RateLimit>> | false;
  logger?: Logger;
  /** False while starting or shutting down: /readyz answers 503. */
  ready?: () => boolean;
  version?: string;
  /** Where the built studio lives (default: the package's dist/studio). */
  studioDir?: string;
  /**
   * False on a node without the `api` role: it answers only the probes, /metrics and /api/v1/nodes
   * (what an orchestrator and an operator need from every node).
   */
  api?: boolean;
  /** Which Host headers are answered (host-check.ts); absent = any. */
  hosts?: HostPolicy;
  /** Header size and count, deadlines (http-limits.ts); defaults in DEFAULT_HTTP_LIMITS. */
  httpLimits?: Partial<HttpLimits>;
  /** Failed authentications per minute per client IP before 429 (key ids: 5 ×); 0 = off. Default 20. */
  authFailureLimit?: number;
}

export const DEFAULT_PAYLOAD_LIMIT = 1024 * 1024;

/** Requests per minute per key (or IP) and group, for `weft serve`. */
export const DEFAULT_RATE_LIMITS: Record<RouteGroup, RateLimit> = {
  read: { max: 6_000, windowMs: 60_000 },
  write: { max: 600, windowMs: 60_000 },
  run: { max: 60_000, windowMs: 60_000 },
  invoke: { max: 120_000, windowMs: 60_000 },
  admin: { max: 120, windowMs: 60_000 },
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's span (W3C), continued by the runs and function calls it starts. */
    traceparent?: string;
  }
}

/** Which rate-limit group a route belongs to. */
function groupOf(method: string, url: string): RouteGroup {
  if (url.startsWith('/api/v1/keys') || url.startsWith('/api/v1/audit')) return 'admin';
  if (url === '/fn/:target' || url.endsWith('/invoke')) return 'invoke';
  if (url.endsWith('/runs') && method === 'POST') return 'run';
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

export async function buildGateway(o: GatewayOptions): Promise<FastifyInstance> {
  const deps: GatewayDeps = { ...o, payloadLimit: o.payloadLimit ?? DEFAULT_PAYLOAD_LIMIT, maxWaitSeconds: o.maxWaitSeconds ?? 60 };
  const limits = resolveHttpLimits(o.httpLimits);
  const app = Fastify({
    ...serverOptions(limits),
    clientErrorHandler,
    loggerInstance: o.logger as FastifyBaseLogger | undefined,
    // Per-request lines are written at debug level by the onResponse hook below, with the trace id.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.payloadLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    return503OnClosing: true,
    // The route schemas bound each parameter (up to 200 characters); the router's default of 100 would
    // refuse some valid ones first.
    routerOptions: { maxParamLength: 500 },
    // Errors the router raises before any route (a malformed %-escape, a parameter over maxParamLength)
    // bypass the error handler: without this they leave as Fastify's own JSON, not problem+json.
    // They skip the hooks too, hence the explicit security headers.
    frameworkErrors: (err, req, reply) => {
      applySecurityHeaders(reply.type('application/problem+json'));
      return sendProblem(reply, { ...toProblem(err).body, instance: req.url.split('?')[0] });
    },
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false, allowUnionTypes: true } },
  });

  // First: every answer from here on — plugins' routes, 404s, errors — passes these.
  installSecurityHeaders(app);
  // Before any plugin: a plugin's routes (Swagger UI) keep the error handler current when they are added.
  app.setErrorHandler((err, req, reply) => {
    const { body, internal } = toProblem(err);
    if (internal) req.log.error({ err, reqId: req.id }, 'request failed');
    if (body.status === 401) reply.header('www-authenticate', 'Bearer realm="weft"');
    if (body.code === 'WEFT_ERR_FN_THROTTLED') reply.header('retry-after', '1');
    return sendProblem(reply, { ...body, instance: req.url.split('?')[0] });
  });
  app.setNotFoundHandler((req, reply) => sendProblem(reply, problem(GATEWAY_ERROR_CODES.route, 404, `no route for ${req.method} ${req.url.split('?')[0]}`)));

  for (const s of API_SCHEMAS) app.addSchema(s);
  installBodyParsers(app, o.access);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Weft API', version: o.version ?? '0.1.0', description: 'Workflows (CNCF Serverless Workflow DSL 1.0), runs and serverless functions. Errors are RFC 9457 problem details.' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (wk_<id>_<secret>), or with single sign-on a JWT of the provider' },
          session: { type: 'apiKey', in: 'cookie', name: 'weft_session', description: 'The single sign-on session (GET /auth/login); unsafe methods also need X-CSRF-Token' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
      tags: ['workflows', 'runs', 'functions', 'events', 'secrets', 'keys', 'audit', 'nodes', 'auth', 'health', 'api'].map((name) => ({ name })),
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String((json as { $id?: string }).$id ?? `def-${i}`) },
  });
  // No validator badge: it is an image from validator.swagger.io, which the page's CSP refuses.
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', validatorUrl: null }, uiHooks: {} });

  // Before authentication: a request refused with 401 still gets its span and counts in the metrics
  // (an onRequest hook that throws skips the ones added after it).
  if (o.telemetry) {
    const t = o.telemetry;
    app.addHook('onRequest', async (req) => {
      const span = t.startRequest({ method: req.method, route: req.routeOptions.url ?? 'unmatched', traceparent: req.headers.traceparent as string | undefined });
      req.traceparent = span.traceparent;
      (req as unknown as { span: typeof span }).span = span;
    });
    // Ending the span also records the request's metrics (count and latency by route and status).
    app.addHook('onResponse', async (req, reply) => {
      (req as unknown as { span?: { end(status: number): void } }).span?.end(reply.statusCode);
    });
  } else {
    app.addHook('onRequest', async (req) => {
      if (typeof req.headers.traceparent === 'string') req.traceparent = req.headers.traceparent;
    });
  }

  // Cheap refusals before authentication and before any body is read; after the span starts, so they count.
  installHeaderCount(app, limits.maxHeaders);
  installHostCheck(app, o.hosts);
  const perIp = o.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT;
  installAuth(app, o.auth ? o.keys : undefined, o.access, {
    ...(o.auth && perIp > 0 ? { failures: new AuthFailures({ perIp }) } : {}),
    ...(o.auth && o.sso ? { sso: o.sso } : {}),
    onThrottled: () => o.telemetry?.metrics.rateLimited('auth'),
  });

  if (o.rateLimits !== false) {
    const limits = { ...DEFAULT_RATE_LIMITS, ...(o.rateLimits ?? {}) };
    // Before the plugin: onRoute hooks run in the order they were added, and the plugin's own reads
    // `config.rateLimit` to decide whether to limit a route. Added after it, no route was ever limited.
    app.addHook('onRoute', (route) => {
      if (route.config?.public || route.url.startsWith('/api/docs')) return;
      const method = Array.isArray(route.method) ? route.method[0] : route.method;
      const group = groupOf(method, route.url);
      const l = limits[group];
      route.config = { ...(route.config ?? {}), rateLimit: { max: l.max, timeWindow: l.windowMs, groupId: group } };
    });
    await app.register(rateLimit, {
      global: false,
      store: GroupRateLimitStore,
      hook: 'preHandler',
      keyGenerator: (req) => (req.principal && req.principal.actor !== 'dev' ? `key:${req.principal.actor}` : `ip:${req.ip}`),
      onExceeded: (req) => o.telemetry?.metrics.rateLimited(groupOf(req.method, req.routeOptions.url ?? '')),
      errorResponseBuilder: (_req, ctx) =>
        Object.assign(new Error(`rate limit of ${ctx.max} requests per ${ctx.after} exceeded; retry after ${Math.ceil(ctx.ttl / 1000)} s`), {
          code: GATEWAY_ERROR_CODES.rateLimited,
          status: 429,
          statusCode: 429,
        }),
    });
  }

  app.addHook('onResponse', async (req, reply) => {
    req.log.debug({ method: req.method, url: req.url, status: reply.statusCode, ms: reply.elapsedTime, traceparent: req.traceparent, actor: req.principal?.actor }, 'request');
  });

  app.get('/api/openapi.json', { schema: openApiSchema }, () => app.swagger());
  healthRoutes(app, deps, o.ready ?? (() => true));
  nodeRoutes(app, deps);
  if (o.api === false) return app;
  meRoutes(app);
  ssoRoutes(app, { ...deps, ...(o.auth ? {} : { sso: undefined }) });
  workflowRoutes(app, deps);
  runRoutes(app, deps);
  bulkRedriveRoutes(app, deps);
  functionRoutes(app, deps);
  keyRoutes(app, deps);
  secretRoutes(app, deps);
  auditRoutes(app, deps);
  eventRoutes(app, deps);
  await studioRoutes(app, o.studioDir);
  return app;
}
