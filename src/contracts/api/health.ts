/** Probes and metrics, and this OpenAPI document's own route. */
import { anyObject, problems } from './common.js';

const status = { type: 'object', properties: { status: { type: 'string' } } } as const;

export const healthzSchema = { tags: ['health'], summary: 'Liveness', security: [], response: { 200: status } } as const;
export const readyzSchema = { tags: ['health'], summary: 'Readiness: the store is open and the server is not shutting down', security: [], response: { 200: status, ...problems(503) } } as const;
export const metricsSchema = { tags: ['health'], summary: 'Prometheus metrics (text exposition format)', produces: ['text/plain'], response: { 200: { type: 'string' }, ...problems(401, 403) } } as const;
export const openApiSchema = { tags: ['api'], summary: 'This OpenAPI 3.1 document (interactive docs at /api/docs)', response: { 200: anyObject, ...problems(401) } } as const;
