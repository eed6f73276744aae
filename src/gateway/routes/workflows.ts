/** Registering and reading workflow definitions (`/api/v1/workflows`). */
import type { FastifyInstance } from 'fastify';
import { listWorkflowsSchema, registerWorkflowSchema, testTaskSchema, workflowVersionSchema, workflowVersionsSchema } from '../../contracts/index.js';
import type { Json } from '../../shared/index.js';
import { audit, type ApiTypeProvider, type GatewayDeps, viewOptions } from '../deps.js';

export function workflowRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const api = app.withTypeProvider<ApiTypeProvider>();
  api.put(
    '/api/v1/workflows',
    // The namespace is in the document: a key that may write workflows nowhere is refused before the
    // body is parsed (body-parsers.ts), the namespace itself is checked once the document is.
    { config: { actionSomewhere: 'workflow:write' }, schema: registerWorkflowSchema },
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

  api.get('/api/v1/workflows', { schema: listWorkflowsSchema }, async (req) => ({
    items: (await deps.platform.workflows.list()).filter((w) => deps.access.can(req.principal.scopes, 'workflow:read', w.namespace)),
  }));

  api.get('/api/v1/workflows/:namespace/:name', { config: { action: 'workflow:read', namespaceParam: 'namespace' }, schema: workflowVersionsSchema }, async (req) => ({
    namespace: req.params.namespace,
    name: req.params.name,
    versions: await deps.platform.workflows.versions(req.params.namespace, req.params.name),
  }));

  api.get('/api/v1/workflows/:namespace/:name/versions/:version', { config: { action: 'workflow:read', namespaceParam: 'namespace' }, schema: workflowVersionSchema }, async (req) =>
    deps.platform.workflows.get(req.params.namespace, req.params.name, req.params.version),
  );

  // run:start: a test may perform real effects (HTTP, function calls, events) with the caller's authority.
  api.post('/api/v1/workflows/:namespace/:name/test-task', { config: { action: 'run:start', namespaceParam: 'namespace' }, schema: testTaskSchema }, async (req) => {
    const { namespace, name } = req.params;
    const b = req.body;
    const answer = await deps.platform.workflows.testTask({
      namespace, name, task: b.task,
      ...(req.query.version ? { version: req.query.version } : {}),
      ...(b.input !== undefined ? { input: b.input as Json } : {}),
      ...(b.context !== undefined ? { context: b.context as Json } : {}),
      ...(b.variables ? { variables: b.variables as Record<string, Json> } : {}),
      ...(b.mocks ? { mocks: b.mocks as Record<string, Json> } : {}),
      ...(b.real !== undefined ? { real: b.real } : {}),
    }, viewOptions(deps, req));
    // Effects performed for real are the caller's doing: recorded like other actions with consequences.
    const real = answer.effects.filter((e) => e.real).map((e) => `${e.kind} ${e.pointer}`);
    if (real.length) await audit(deps, req, 'workflow:test-task', `workflow/${namespace}/${name}`, { detail: { task: b.task, real } });
    return answer;
  });
}
