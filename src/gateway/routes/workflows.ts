/** Registering and reading workflow definitions (`/api/v1/workflows`). */
import type { FastifyInstance } from 'fastify';
import { can } from '../../security/index.js';
import { audit, type GatewayDeps } from '../deps.js';
import { problems, ref } from '../schemas.js';

const nameParams = { type: 'object', required: ['namespace', 'name'], properties: { namespace: { type: 'string', maxLength: 200 }, name: { type: 'string', maxLength: 200 } } };

export function workflowRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  app.put<{ Body: unknown }>(
    '/api/v1/workflows',
    {
      // The namespace is in the document: a key that may write workflows nowhere is refused before the
      // body is parsed (body-parsers.ts), the namespace itself is checked once the document is.
      config: { actionSomewhere: 'workflow:write' },
      schema: {
        tags: ['workflows'],
        summary: 'Register a workflow version (a DSL document as YAML or JSON)',
        description: 'Registers namespace/name/version from the document. The same version again with the same content is a no-op (200); with other content, 409.',
        body: { description: 'A Serverless Workflow DSL 1.0 document', type: ['object', 'string'] },
        response: { 200: ref('Workflow'), 201: ref('Workflow'), ...problems(400, 401, 403, 409, 413, 415) },
      },
    },
    async (req, reply) => {
      const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      const { workflow, created } = await deps.platform.workflows.register(text, { authorize: (namespace) => req.authorize('workflow:write', namespace) });
      const target = `workflow/${workflow.namespace}/${workflow.name}@${workflow.version}`;
      if (created) await audit(deps, req, 'workflow:register', target, { after: workflow.hash });
      return reply
        .code(created ? 201 : 200)
        .header('location', `/api/v1/workflows/${encodeURIComponent(workflow.namespace)}/${encodeURIComponent(workflow.name)}/versions/${encodeURIComponent(workflow.version)}`)
        .send(workflow);
    },
  );

  app.get('/api/v1/workflows', { schema: { tags: ['workflows'], summary: 'Every workflow (its highest version) the key may read', response: { 200: { type: 'object', properties: { items: { type: 'array', items: ref('Workflow') } } }, ...problems(401) } } }, async (req) => ({
    items: (await deps.platform.workflows.list()).filter((w) => can(req.principal.scopes, 'workflow:read', w.namespace)),
  }));

  app.get<{ Params: { namespace: string; name: string } }>(
    '/api/v1/workflows/:namespace/:name',
    { config: { action: 'workflow:read', namespaceParam: 'namespace' }, schema: { tags: ['workflows'], summary: 'A workflow and its versions (highest first)', params: nameParams, response: { 200: { type: 'object', properties: { namespace: { type: 'string' }, name: { type: 'string' }, versions: { type: 'array', items: ref('Workflow') } } }, ...problems(401, 403, 404) } } },
    async (req) => ({ namespace: req.params.namespace, name: req.params.name, versions: await deps.platform.workflows.versions(req.params.namespace, req.params.name) }),
  );

  app.get<{ Params: { namespace: string; name: string; version: string } }>(
    '/api/v1/workflows/:namespace/:name/versions/:version',
    {
      config: { action: 'workflow:read', namespaceParam: 'namespace' },
      schema: { tags: ['workflows'], summary: 'One workflow version with its definition and source', params: { ...nameParams, required: ['namespace', 'name', 'version'], properties: { ...nameParams.properties, version: { type: 'string', maxLength: 100 } } }, response: { 200: ref('Workflow'), ...problems(401, 403, 404) } },
    },
    async (req) => deps.platform.workflows.get(req.params.namespace, req.params.name, req.params.version),
  );
}
