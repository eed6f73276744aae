/** What the routes need: the platform façade, security and telemetry (never a store: DESIGN.md §2). */
import type { Platform } from '../platform/index.js';
import type { ApiKeys, AuditLog } from '../security/index.js';
import type { FastifyRequest } from 'fastify';
import type { Json } from '../shared/index.js';

/** The part of telemetry the gateway uses (telemetry/index.ts implements it). */
export interface GatewayTelemetry {
  /** The request's span; `end(status)` ends it and records the request's metrics. */
  startRequest(o: { method: string; route: string; traceparent?: string }): { traceparent: string; end(status: number): void };
  metrics: {
    rateLimited(group: string): void;
    text(): Promise<string>;
    readonly contentType: string;
  };
}

export type RouteGroup = 'read' | 'write' | 'run' | 'invoke' | 'admin';

export interface RateLimit {
  /** Requests per window per key (or per IP without a key). */
  max: number;
  windowMs: number;
}

export interface GatewayDeps {
  platform: Platform;
  keys: ApiKeys;
  audit: AuditLog;
  telemetry?: GatewayTelemetry;
  /** Largest request body and largest run/function payload, in bytes. */
  payloadLimit: number;
  /** Upper bound of `Prefer: wait=<seconds>`. */
  maxWaitSeconds: number;
  /** Whether API keys are required (`weft serve`). */
  auth: boolean;
}

/** Records an admin action in the audit log, as the request's principal. */
export async function audit(deps: GatewayDeps, req: FastifyRequest, action: string, target: string, o: { before?: string; after?: string; detail?: Json } = {}): Promise<void> {
  await deps.audit.record({ actor: req.principal.actor, action, target, ...o });
}
