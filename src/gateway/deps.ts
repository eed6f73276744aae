/** What the routes need: the platform façade and its access ports, and telemetry (never a store: DESIGN.md §2). */
import type { FastifyRequest } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { ApiReferences } from '../contracts/index.js';
import type { AccessPolicy, AuditPort, KeysPort, Platform, SsoPort, ViewOptions } from '../platform/index.js';
import type { Json } from '../shared/index.js';

/**
 * Route handlers typed from the contract's schemas (src/contracts/api): params, query, headers and
 * bodies are what the schemas validate, `$ref`s resolved against the shared schemas. Answers are checked
 * against the response schemas too, except that an open object (`additionalProperties: true`) takes any
 * object: derived, it would demand an index signature the platform's interface types do not declare.
 */
export type ApiTypeProvider = JsonSchemaToTsProvider<{
  ValidatorSchemaOptions: { references: ApiReferences };
  SerializerSchemaOptions: { references: ApiReferences; deserialize: [{ pattern: { type: 'object'; additionalProperties: true }; output: object }] };
}>;

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
  keys: KeysPort;
  audit: AuditPort;
  /** Role checks, refusals and content hashes (security's accessPolicy). */
  access: AccessPolicy;
  telemetry?: GatewayTelemetry;
  /** Largest request body and largest run/function payload, in bytes. */
  payloadLimit: number;
  /** Upper bound of `Prefer: wait=<seconds>`. */
  maxWaitSeconds: number;
  /** Whether API keys are required (`weft serve`). */
  auth: boolean;
  /** Single sign-on (OpenID Connect), when `weft serve` has WEFT_OIDC_ISSUER. */
  sso?: SsoPort;
}

/** Records an admin action in the audit log, as the request's principal. */
export async function audit(deps: GatewayDeps, req: FastifyRequest, action: string, target: string, o: { before?: string; after?: string; detail?: Json } = {}): Promise<void> {
  await deps.audit.record({ actor: req.principal.actor, action, target, ...o });
}

/** What schemas mark x-weft-sensitive is shown only in namespaces where the caller holds `data:read-sensitive`. */
export function viewOptions(deps: Pick<GatewayDeps, 'access'>, req: FastifyRequest): ViewOptions {
  return { seesSensitive: (namespace) => deps.access.can(req.principal.scopes, 'data:read-sensitive', namespace) };
}
