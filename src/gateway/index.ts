/**
 * The HTTP gateway: `buildGateway(options)` returns a Fastify instance serving the whole API.
 * It imports the platform (its façade and access ports), the contracts and shared only (DESIGN.md §2).
 */
export { buildGateway, DEFAULT_PAYLOAD_LIMIT, DEFAULT_RATE_LIMITS, type GatewayOptions } from './app.js';
export type { GatewayTelemetry, RateLimit, RouteGroup } from './deps.js';
export { GATEWAY_ERRORS, GATEWAY_ERROR_CODES, type ProblemBody } from './errors.js';
export { httpHygieneFromEnv, type HttpHygiene } from './env-settings.js';
export { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http-limits.js';
export type { HostPolicy } from './host-check.js';
