/**
 * Events: ingest (structured, batch, binary mode), browse, event types, subscriptions, dead letters,
 * webhooks (`POST /hooks/<path>`). Events are not namespaced: reading them takes a role on `*`.
 */
import type { FastifyInstance } from 'fastify';
import type { SubscriptionInput } from '../../platform/index.js';
import type { Json } from '../../shared/index.js';
import { type Action, AUTH_ERROR_CODES, AuthError, authorize, contentHash } from '../../security/index.js';
import { audit, type GatewayDeps } from '../deps.js';
import { timeParam } from '../query-params.js';
import { problems } from '../schemas.js';

const anyObject = { type: 'object', additionalProperties: true };
const listOf = (items: object) => ({ type: 'object', properties: { items: { type: 'array', items } } });
const str = (maxLength = 200) => ({ type: 'string', minLength: 1, maxLength });
const target = {
  type: 'object',
  description: '{workflow: {namespace, name, version?}} or {function: {name, ref?}}; `input`: a jq mapping of the event',
  additionalProperties: false,
  properties: {
    workflow: { type: 'object', required: ['namespace', 'name'], additionalProperties: false, properties: { namespace: str(), name: str(), version: str(100) } },
    function: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: str(100), ref: str(100) } },
    input: str(2000),
  },
  oneOf: [{ required: ['workflow'] }, { required: ['function'] }],
};

export function eventRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const ev = deps.platform.events;
  const global = (action: Action) => ({ action, namespace: '*' });

  app.post<{ Body: unknown }>(
    '/api/v1/events',
    {
      config: { action: 'event:publish' },
      schema: {
        tags: ['events'],
        summary: 'Publish CloudEvents: structured (one object), batch (an array), or binary mode (ce-* headers)',
        description: 'Each event is stored durably before the answer: 202 when something new was accepted, 200 when every event was a repeat (same source and id), which is not delivered again.',
        body: { description: 'A CloudEvent, an array of them, or (binary mode) the data', type: ['object', 'array', 'string', 'number', 'boolean', 'null'] },
        response: { 200: listOf(anyObject), 202: listOf(anyObject), ...problems(400, 401, 403, 413, 415) },
      },
    },
    async (req, reply) => {
      const accepted = req.headers['ce-specversion'] !== undefined ? await ev.publishBinary(req.headers, (req.rawBody ?? Buffer.alloc(0)).toString('utf8')) : await ev.publish(req.body);
      return reply.code(accepted.every((a) => a.duplicate) ? 200 : 202).send({ items: accepted });
    },
  );

  app.get<{ Querystring: { type?: string; source?: string; since?: string; after?: number; limit?: number } }>(
    '/api/v1/events',
    {
      config: global('run:read'),
      schema: {
        tags: ['events'],
        summary: 'Recent events, newest first (or, with `after`, the ones after that seq, oldest first)',
        querystring: { type: 'object', additionalProperties: false, properties: { type: str(), source: str(1000), since: str(40), after: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
        response: { 200: listOf(anyObject), ...problems(400, 401, 403) },
      },
    },
    async (req) => {
      const q = req.query;
      const since = q.since === undefined ? undefined : timeParam(q.since, 'since');
      return { items: await ev.list({ ...(q.type ? { type: q.type } : {}), ...(q.source ? { source: q.source } : {}), ...(since !== undefined ? { since } : {}), ...(q.after !== undefined ? { afterSeq: q.after } : {}), ...(q.limit ? { limit: q.limit } : {}) }) };
    },
  );

  const typeParams = { type: 'object', required: ['type'], properties: { type: str() } };
  // The schema body has no `type` here: Fastify's coercion would turn `[1]` into `true` (a schema that
  // accepts everything) instead of refusing it. EventsService.putType compiles and checks it.
  app.put<{ Params: { type: string }; Body: Json }>(
    '/api/v1/event-types/:type',
    { config: { action: 'workflow:write' }, schema: { tags: ['events'], summary: "Register (or replace) an event type's JSON Schema for `data`", params: typeParams, body: { description: 'A JSON Schema (an object or a boolean); checked by the service' }, response: { 200: anyObject, 201: anyObject, ...problems(400, 401, 403) } } },
    async (req, reply) => {
      const { type, created } = await ev.putType(req.params.type, req.body);
      await audit(deps, req, 'event-type:put', `event-type/${type.type}`, { after: contentHash(type.schema) });
      return reply.code(created ? 201 : 200).send(type);
    },
  );
  app.get('/api/v1/event-types', { config: { action: 'workflow:read' }, schema: { tags: ['events'], summary: 'Registered event types', response: { 200: listOf(anyObject), ...problems(401, 403) } } }, async () => ({ items: await ev.listTypes() }));
  app.get<{ Params: { type: string } }>('/api/v1/event-types/:type', { config: { action: 'workflow:read' }, schema: { tags: ['events'], summary: 'One event type', params: typeParams, response: { 200: anyObject, ...problems(401, 403, 404) } } }, (req) => ev.getType(req.params.type));
  app.delete<{ Params: { type: string } }>('/api/v1/event-types/:type', { config: { action: 'workflow:write' }, schema: { tags: ['events'], summary: 'Remove an event type (its events are no longer checked)', params: typeParams, response: { 204: { type: 'null' }, ...problems(401, 403, 404) } } }, async (req, reply) => {
    await ev.deleteType(req.params.type);
    await audit(deps, req, 'event-type:delete', `event-type/${req.params.type}`);
    return reply.code(204).send();
  });

  const nameParams = { type: 'object', required: ['name'], properties: { name: str() } };
  app.put<{ Params: { name: string }; Body: SubscriptionInput }>(
    '/api/v1/subscriptions/:name',
    {
      config: { action: 'workflow:write' },
      schema: {
        tags: ['events'],
        summary: 'Create or replace a subscription: a filter and a target (a workflow to start or a function to invoke)',
        params: nameParams,
        body: {
          type: 'object',
          required: ['target'],
          additionalProperties: false,
          properties: {
            filter: { type: 'object', additionalProperties: false, properties: { type: str(), source: str(1000), subject: str(1000), condition: { type: 'string', maxLength: 2000, description: 'jq on the event' } } },
            target,
            maxAttempts: { type: 'integer', minimum: 1, maximum: 100 },
          },
        },
        response: { 200: anyObject, 201: anyObject, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => {
      // Deliveries start runs (or invoke functions) on the author's behalf: the author must be allowed to.
      const t = req.body.target;
      req.authorize('workflow' in t ? 'run:start' : 'function:invoke', 'workflow' in t ? t.workflow.namespace : undefined);
      const before = await ev.getSubscription(req.params.name).catch(() => undefined);
      const { subscription, created } = await ev.putSubscription(req.params.name, req.body);
      await audit(deps, req, 'subscription:put', `subscription/${subscription.name}`, { ...(before ? { before: contentHash({ ...before, createdAt: 0 }) } : {}), after: contentHash({ ...subscription, createdAt: 0 }) });
      return reply.code(created ? 201 : 200).send(subscription);
    },
  );
  app.get('/api/v1/subscriptions', { config: { action: 'workflow:read' }, schema: { tags: ['events'], summary: 'Every subscription', response: { 200: listOf(anyObject), ...problems(401, 403) } } }, async () => ({ items: await ev.listSubscriptions() }));
  app.get<{ Params: { name: string } }>('/api/v1/subscriptions/:name', { config: { action: 'workflow:read' }, schema: { tags: ['events'], summary: 'One subscription', params: nameParams, response: { 200: anyObject, ...problems(401, 403, 404) } } }, (req) => ev.getSubscription(req.params.name));
  app.delete<{ Params: { name: string } }>('/api/v1/subscriptions/:name', { config: { action: 'workflow:write' }, schema: { tags: ['events'], summary: 'Remove a subscription', params: nameParams, response: { 204: { type: 'null' }, ...problems(401, 403, 404) } } }, async (req, reply) => {
    await ev.deleteSubscription(req.params.name);
    await audit(deps, req, 'subscription:delete', `subscription/${req.params.name}`);
    return reply.code(204).send();
  });

  app.get<{ Querystring: { limit?: number } }>(
    '/api/v1/dead-letters',
    { config: global('run:read'), schema: { tags: ['events'], summary: 'Deliveries that failed every attempt, newest first', querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } } }, response: { 200: listOf(anyObject), ...problems(401, 403) } } },
    async (req) => ({ items: await ev.deadLetters(req.query.limit ?? 100) }),
  );
  app.post<{ Params: { id: string } }>(
    '/api/v1/dead-letters/:id/redrive',
    { config: global('run:control'), schema: { tags: ['events'], summary: 'Deliver a dead-lettered event again (attempts reset)', params: { type: 'object', required: ['id'], properties: { id: str(500) } }, response: { 200: anyObject, ...problems(401, 403, 404) } } },
    async (req) => {
      const d = await ev.redrive(req.params.id);
      await audit(deps, req, 'delivery:redrive', `delivery/${d.id}`);
      return d;
    },
  );

  app.get('/api/v1/webhooks', { config: { action: 'workflow:read' }, schema: { tags: ['events'], summary: 'Declared webhooks (POST /hooks/<path>)', response: { 200: listOf(anyObject), ...problems(401, 403) } } }, async () => ({ items: await ev.webhooks() }));

  app.post<{ Params: { path: string }; Body: Json }>(
    '/hooks/:path',
    {
      // Webhooks with a secret are authenticated by their HMAC signature (external senders have no API key);
      // the others need a key like every route (checked below).
      config: { public: true },
      schema: {
        tags: ['events'],
        summary: 'Call a webhook: starts its workflow or invokes its function with the body as input',
        description: 'Signed webhooks: X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body>. `respond: sync` answers 200 with the output; `async` answers 202 with the run.',
        security: [{ apiKey: [] }, {}],
        params: { type: 'object', required: ['path'], properties: { path: { type: 'string', maxLength: 200 } } },
        body: { description: 'The input (JSON)' },
        response: { 200: { description: 'The output (any JSON)' }, 202: anyObject, ...problems(400, 401, 403, 404, 413, 415) },
      },
    },
    async (req, reply) => {
      const { path } = req.params;
      const w = await ev.webhook(path);
      if (!w.secret && deps.auth) {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
        if (!m) throw new AuthError(AUTH_ERROR_CODES.missing, `webhook ${path} has no signing secret: send Authorization: Bearer <key>`);
        const v = await deps.keys.verify(m[1]);
        req.principal = { actor: v.key.id, scopes: v.scopes };
        const t = w.target;
        authorize(v.scopes, 'workflow' in t ? 'run:start' : 'function:invoke', 'workflow' in t ? t.workflow.namespace : undefined);
      }
      const answer = await ev.hook(path, req.headers, req.rawBody ?? Buffer.from(JSON.stringify(req.body ?? null)), (req.body ?? null) as Json);
      if (answer.location) reply.header('location', answer.location);
      return reply.code(answer.status).type('application/json').send(JSON.stringify(answer.body));
    },
  );
}
