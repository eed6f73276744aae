/**
 * Events: ingest (structured, batch, binary mode), browse, event types, subscriptions, dead letters,
 * webhooks (`POST /hooks/<path>`). Events are not namespaced: reading them takes a role on `*`.
 */
import type { FastifyInstance } from 'fastify';
import {
  type Action, callWebhookSchema, deadLettersSchema, deleteEventTypeSchema, deleteSubscriptionSchema, getEventTypeSchema, getSubscriptionSchema, listEventTypesSchema, listEventsSchema,
  listSubscriptionsSchema, listWebhooksSchema, publishEventsSchema, putEventTypeSchema, putSubscriptionSchema, redriveSchema,
} from '../../contracts/index.js';
import type { Json } from '../../shared/index.js';
import { audit, type ApiTypeProvider, type GatewayDeps, viewOptions } from '../deps.js';
import { timeParam } from '../query-params.js';

export function eventRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const api = app.withTypeProvider<ApiTypeProvider>();
  const ev = deps.platform.events;
  const { contentHash } = deps.access;
  const global = (action: Action) => ({ action, namespace: '*' });

  api.post(
    '/api/v1/events',
    {
      config: { action: 'event:publish' },
      schema: publishEventsSchema,
    },
    async (req, reply) => {
      const accepted = req.headers['ce-specversion'] !== undefined ? await ev.publishBinary(req.headers, (req.rawBody ?? Buffer.alloc(0)).toString('utf8')) : await ev.publish(req.body);
      return reply.code(accepted.every((a) => a.duplicate) ? 200 : 202).send({ items: accepted });
    },
  );

  api.get(
    '/api/v1/events',
    {
      config: global('run:read'),
      schema: listEventsSchema,
    },
    async (req) => {
      const q = req.query;
      const since = q.since === undefined ? undefined : timeParam(q.since, 'since');
      return { items: await ev.list({ ...(q.type ? { type: q.type } : {}), ...(q.source ? { source: q.source } : {}), ...(since !== undefined ? { since } : {}), ...(q.after !== undefined ? { afterSeq: q.after } : {}), ...(q.limit ? { limit: q.limit } : {}) }, viewOptions(deps, req)) };
    },
  );

  api.put(
    '/api/v1/event-types/:type',
    { config: { action: 'workflow:write' }, schema: putEventTypeSchema },
    async (req, reply) => {
      const { type, created } = await ev.putType(req.params.type, req.body as Json);
      await audit(deps, req, 'event-type:put', `event-type/${type.type}`, { after: contentHash(type.schema) });
      return reply.code(created ? 201 : 200).send(type);
    },
  );
  api.get('/api/v1/event-types', { config: { action: 'workflow:read' }, schema: listEventTypesSchema }, async () => ({ items: await ev.listTypes() }));
  api.get('/api/v1/event-types/:type', { config: { action: 'workflow:read' }, schema: getEventTypeSchema }, (req) => ev.getType(req.params.type));
  api.delete('/api/v1/event-types/:type', { config: { action: 'workflow:write' }, schema: deleteEventTypeSchema }, async (req, reply) => {
    await ev.deleteType(req.params.type);
    await audit(deps, req, 'event-type:delete', `event-type/${req.params.type}`);
    // The 204 schema (`type: null`) types a payload; none is sent.
    return reply.code(204).send(undefined as never);
  });

  api.put(
    '/api/v1/subscriptions/:name',
    {
      config: { action: 'workflow:write' },
      schema: putSubscriptionSchema,
    },
    async (req, reply) => {
      // Deliveries start runs (or invoke functions) on the author's behalf: the author must be allowed to.
      const t = req.body.target;
      const workflow = 'workflow' in t ? t.workflow : undefined;
      req.authorize(workflow ? 'run:start' : 'function:invoke', workflow?.namespace);
      const before = await ev.getSubscription(req.params.name).catch(() => undefined);
      const { subscription, created } = await ev.putSubscription(req.params.name, req.body);
      await audit(deps, req, 'subscription:put', `subscription/${subscription.name}`, { ...(before ? { before: contentHash({ ...before, createdAt: 0 }) } : {}), after: contentHash({ ...subscription, createdAt: 0 }) });
      return reply.code(created ? 201 : 200).send(subscription);
    },
  );
  api.get('/api/v1/subscriptions', { config: { action: 'workflow:read' }, schema: listSubscriptionsSchema }, async () => ({ items: await ev.listSubscriptions() }));
  api.get('/api/v1/subscriptions/:name', { config: { action: 'workflow:read' }, schema: getSubscriptionSchema }, (req) => ev.getSubscription(req.params.name));
  api.delete('/api/v1/subscriptions/:name', { config: { action: 'workflow:write' }, schema: deleteSubscriptionSchema }, async (req, reply) => {
    await ev.deleteSubscription(req.params.name);
    await audit(deps, req, 'subscription:delete', `subscription/${req.params.name}`);
    // The 204 schema (`type: null`) types a payload; none is sent.
    return reply.code(204).send(undefined as never);
  });

  api.get(
    '/api/v1/dead-letters',
    { config: global('run:read'), schema: deadLettersSchema },
    async (req) => ({ items: await ev.deadLetters(req.query.limit ?? 100, viewOptions(deps, req)) }),
  );
  api.post(
    '/api/v1/dead-letters/:id/redrive',
    { config: global('run:control'), schema: redriveSchema },
    async (req) => {
      const d = await ev.redrive(req.params.id, viewOptions(deps, req));
      await audit(deps, req, 'delivery:redrive', `delivery/${d.id}`);
      return d;
    },
  );

  api.get('/api/v1/webhooks', { config: { action: 'workflow:read' }, schema: listWebhooksSchema }, async () => ({ items: await ev.webhooks() }));

  api.post(
    '/hooks/:path',
    {
      // Webhooks with a secret are authenticated by their HMAC signature (external senders have no API key);
      // the others need a key like every route (checked below).
      config: { public: true },
      schema: callWebhookSchema,
    },
    async (req, reply) => {
      const { path } = req.params;
      const w = await ev.webhook(path);
      if (!w.secret && deps.auth) {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
        if (!m) throw deps.access.refuse('missing', `webhook ${path} has no signing secret: send Authorization: Bearer <key>`);
        const v = await deps.keys.verify(m[1]);
        req.principal = { actor: v.key.id, scopes: v.scopes, via: 'apiKey' };
        const t = w.target;
        deps.access.authorize(v.scopes, 'workflow' in t ? 'run:start' : 'function:invoke', 'workflow' in t ? t.workflow.namespace : undefined);
      }
      const answer = await ev.hook(path, req.headers, req.rawBody ?? Buffer.from(JSON.stringify(req.body ?? null)), (req.body ?? null) as Json);
      if (answer.location) reply.header('location', answer.location);
      return reply.code(answer.status).type('application/json').send(JSON.stringify(answer.body));
    },
  );
}
