/**
 * The secret vault (`/api/v1/namespaces/{ns}/secrets`, `/api/v1/secrets`): set versions, read metadata,
 * grant, delete, rekey. No answer carries a value, and the audit log keeps versions and grants, never
 * a value or a hash of one (a hash of a short secret can be brute-forced).
 */
import type { FastifyInstance } from 'fastify';
import {
  deleteSecretSchema, getSecretSchema, grantSecretSchema, listNamespaceSecretsSchema, listSecretsSchema, putSecretSchema, rekeySecretsSchema, rotateSecretSchema, scheduleRotationSchema, secretUsageSchema, secretVersionsSchema, unscheduleRotationSchema, vaultStatusSchema,
} from '../../contracts/index.js';
import { audit, type ApiTypeProvider, type GatewayDeps } from '../deps.js';

export function secretRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const api = app.withTypeProvider<ApiTypeProvider>();
  const secrets = deps.platform.secrets;
  const inNamespace = (action: 'secret:read' | 'secret:write') => ({ action, namespaceParam: 'namespace' });
  const target = (p: { namespace: string; name: string }) => `secret/${p.namespace}/${p.name}`;

  api.put('/api/v1/namespaces/:namespace/secrets/:name', { config: inNamespace('secret:write'), schema: putSecretSchema }, async (req, reply) => {
    const { namespace, name } = req.params;
    const { secret, created } = await secrets.put(namespace, name, req.body, req.principal.actor);
    await audit(deps, req, 'secret:set', target(req.params), { detail: { version: secret.version } });
    return reply
      .code(created ? 201 : 200)
      .header('location', `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`)
      .send(secret);
  });

  api.get('/api/v1/namespaces/:namespace/secrets', { config: inNamespace('secret:read'), schema: listNamespaceSecretsSchema }, async (req) => ({ items: await secrets.list(req.params.namespace) }));

  api.get('/api/v1/secrets', { schema: listSecretsSchema }, async (req) => ({
    items: (await secrets.list()).filter((s) => deps.access.can(req.principal.scopes, 'secret:read', s.namespace)),
  }));

  api.get('/api/v1/namespaces/:namespace/secrets/:name', { config: inNamespace('secret:read'), schema: getSecretSchema }, (req) => secrets.get(req.params.namespace, req.params.name));

  api.get('/api/v1/namespaces/:namespace/secrets/:name/versions', { config: inNamespace('secret:read'), schema: secretVersionsSchema }, async (req) => ({
    items: await secrets.versions(req.params.namespace, req.params.name),
  }));

  // Who read which version: names and counts, never a value (the same action as the metadata).
  api.get('/api/v1/namespaces/:namespace/secrets/:name/usage', { config: inNamespace('secret:read'), schema: secretUsageSchema }, async (req) => ({
    items: await secrets.usage(req.params.namespace, req.params.name),
  }));

  api.delete('/api/v1/namespaces/:namespace/secrets/:name', { config: inNamespace('secret:write'), schema: deleteSecretSchema }, async (req, reply) => {
    const before = await secrets.get(req.params.namespace, req.params.name);
    await secrets.delete(req.params.namespace, req.params.name);
    await audit(deps, req, 'secret:delete', target(req.params), { detail: { version: before.version } });
    // The 204 schema (`type: null`) types a payload; none is sent.
    return reply.code(204).send(undefined as never);
  });

  api.post('/api/v1/namespaces/:namespace/secrets/:name/grants', { config: inNamespace('secret:write'), schema: grantSecretSchema }, async (req) => {
    const before = await secrets.get(req.params.namespace, req.params.name);
    const after = await secrets.grant(req.params.namespace, req.params.name, req.body);
    await audit(deps, req, 'secret:grant', target(req.params), { before: deps.access.contentHash(before.grants), after: deps.access.contentHash(after.grants), detail: { grants: { namespaces: after.grants.namespaces, functions: after.grants.functions } } });
    return after;
  });

  api.post('/api/v1/namespaces/:namespace/secrets/:name/rotate', { config: inNamespace('secret:write'), schema: rotateSecretSchema }, async (req) => {
    // Calling the rotation function is invoking it: the caller needs that too.
    req.authorize('function:invoke');
    const after = await secrets.rotate(req.params.namespace, req.params.name, req.body.function, req.principal.actor, req.body.overlapSeconds);
    await audit(deps, req, 'secret:rotate', target(req.params), { detail: { version: after.version, function: req.body.function } });
    return after;
  });

  api.put('/api/v1/namespaces/:namespace/secrets/:name/rotation', { config: inNamespace('secret:write'), schema: scheduleRotationSchema }, async (req) => {
    // A scheduled rotation invokes the function later, in the caller's stead.
    req.authorize('function:invoke');
    const after = await secrets.schedule(req.params.namespace, req.params.name, req.body);
    await audit(deps, req, 'secret:schedule', target(req.params), { detail: { everySeconds: req.body.everySeconds, function: req.body.function } });
    return after;
  });

  api.delete('/api/v1/namespaces/:namespace/secrets/:name/rotation', { config: inNamespace('secret:write'), schema: unscheduleRotationSchema }, async (req) => {
    const after = await secrets.schedule(req.params.namespace, req.params.name, undefined);
    await audit(deps, req, 'secret:unschedule', target(req.params));
    return after;
  });

  // Any authenticated caller: the studio says "the vault is off" before anyone types a value.
  api.get('/api/v1/vault', { schema: vaultStatusSchema }, () => secrets.status());

  // Every namespace's data keys: an admin on `*` (like managing API keys).
  api.post('/api/v1/secrets/rekey', { config: { action: 'key:admin' }, schema: rekeySecretsSchema }, async (req) => {
    const result = await secrets.rekey();
    await audit(deps, req, 'secret:rekey', 'secrets', { detail: { rewrapped: result.rewrapped, masterKeyId: result.masterKeyId } });
    return result;
  });
}
