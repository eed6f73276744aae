import { describe, expect, it } from 'vitest';
import type { Workflow } from '../../../dsl/index.js';
import type { Json } from '../../../shared/index.js';
import { type Effect, Fiber, type Gen, type HttpRequest, type HttpResponse } from '../effects.js';
import { WorkflowError } from '../errors.js';
import { interpreter } from '../interpreter.js';
import type { RunContext, TaskResult, TaskScope } from '../run-context.js';
import { callOpenApi } from './call-openapi.js';

const DOC_URL = 'https://petstore.test/v2/swagger.yaml';
const SWAGGER = `swagger: "2.0"
host: petstore.test
basePath: /v2
schemes: [https]
produces: [application/json]
paths:
  /pet/findByStatus:
    get:
      operationId: findPetsByStatus
      parameters:
        - { name: status, in: query, required: true, type: array, items: { type: string }, collectionFormat: multi }
`;

function runContext(definition: Partial<Workflow> = {}): RunContext {
  const rc: Partial<RunContext> = {
    runId: 'r1',
    definition: definition as Workflow,
    rawInput: null,
    startedAt: 0,
    workflowArg: null,
    context: null,
    runtime: { name: 'weft', version: 'test' },
    secrets: () => ({ token: 's3cret' }),
    lifecycle: () => undefined,
  };
  return rc as RunContext;
}

function scope(rc: RunContext, pointer = '/do/0/findPet'): TaskScope {
  return { rc, fiber: new Fiber('root'), interpreter, pointer, name: 'findPet', task: { call: 'openapi', with: { document: { endpoint: DOC_URL }, operationId: 'findPetsByStatus' } }, locals: {} };
}

type Answer = (req: HttpRequest) => HttpResponse;

/** Runs the task generator, answering each `http` effect; returns the requests seen and the outcome. */
function drive(gen: Gen<TaskResult>, answer: Answer): { requests: HttpRequest[]; output?: Json; error?: WorkflowError } {
  const requests: HttpRequest[] = [];
  try {
    let step = gen.next();
    while (!step.done) {
      const [effect] = step.value as [Effect & { kind: 'http' }];
      requests.push(effect.request);
      step = gen.next({ key: effect.key, value: answer(effect.request) as unknown as Json });
    }
    return { requests, output: step.value.output };
  } catch (err) {
    if (err instanceof WorkflowError) return { requests, error: err };
    throw err;
  }
}

const petstore: Answer = (req) =>
  req.url === DOC_URL
    ? { status: 200, headers: { 'content-type': 'application/yaml' }, body: SWAGGER }
    : { status: 200, headers: { 'content-type': 'application/json' }, body: [{ id: 1, status: 'available' }] };

const spec = (extra: Record<string, Json> = {}): Record<string, Json> => ({
  document: { endpoint: DOC_URL },
  operationId: 'findPetsByStatus',
  parameters: { status: '${ .status }' },
  ...extra,
});

describe('callOpenApi', () => {
  it('fetches the document, then calls the operation with evaluated parameters (the DSL example)', () => {
    const r = drive(callOpenApi(scope(runContext()), { status: 'available' }, spec()), petstore);
    expect(r.requests).toEqual([
      { method: 'GET', url: DOC_URL, headers: { accept: expect.stringContaining('application/json') }, redirect: true },
      { method: 'GET', url: 'https://petstore.test/v2/pet/findByStatus?status=available', headers: { accept: 'application/json' }, redirect: false },
    ]);
    expect(r.output).toEqual([{ id: 1, status: 'available' }]);
  });

  it('fetches a document once per run and URL', () => {
    const rc = runContext();
    expect(drive(callOpenApi(scope(rc), { status: 'a' }, spec()), petstore).requests).toHaveLength(2);
    expect(drive(callOpenApi(scope(rc, '/do/1/again'), { status: 'b' }, spec()), petstore).requests).toHaveLength(1);
    expect(drive(callOpenApi(scope(runContext()), { status: 'c' }, spec()), petstore).requests).toHaveLength(2);
  });

  it('shapes `response` output (without the authorization header) and `raw` output', () => {
    const rc = runContext({ use: { authentications: { petAuth: { bearer: { token: '${ $secret.token }' } } } } });
    const r = drive(callOpenApi(scope(rc), { status: 'a' }, spec({ output: 'response', authentication: { use: 'petAuth' } })), petstore);
    expect(r.requests[1].headers.authorization).toBe('Bearer s3cret');
    expect(r.output).toEqual({
      request: { method: 'GET', uri: 'https://petstore.test/v2/pet/findByStatus?status=a', headers: { accept: 'application/json' } },
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      content: [{ id: 1, status: 'available' }],
    });
    const raw = drive(callOpenApi(scope(rc), { status: 'a' }, spec({ output: 'raw' })), petstore);
    expect(Buffer.from(raw.output as string, 'base64').toString()).toBe('[{"id":1,"status":"available"}]');
  });

  it('authenticates the document fetch with the endpoint authentication (basic)', () => {
    const s = spec({ document: { endpoint: { uri: DOC_URL, authentication: { basic: { username: 'u', password: 'p' } } } } });
    const r = drive(callOpenApi(scope(runContext()), { status: 'a' }, s), petstore);
    expect(r.requests[0].headers.authorization).toBe(`Basic ${btoa('u:p')}`);
    expect(r.requests[1].headers.authorization).toBeUndefined();
  });

  it('faults with a communication error on a non-2xx answer (3xx allowed with redirect: true)', () => {
    const answer =
      (status: number): Answer =>
      (req) =>
        req.url === DOC_URL ? petstore(req) : { status, headers: {}, body: 'no' };
    const r = drive(callOpenApi(scope(runContext()), { status: 'a' }, spec()), answer(404));
    expect(r.error?.problem).toMatchObject({ type: expect.stringMatching(/communication$/), status: 404, instance: '/do/0/findPet' });
    expect(drive(callOpenApi(scope(runContext()), { status: 'a' }, spec()), answer(302)).error?.problem.status).toBe(302);
    expect(drive(callOpenApi(scope(runContext()), { status: 'a' }, spec({ redirect: true })), answer(302)).output).toBe('no');
  });

  it('does not cache a document that failed to load', () => {
    const rc = runContext();
    const r = drive(callOpenApi(scope(rc), { status: 'a' }, spec()), () => ({ status: 503, headers: {}, body: null }));
    expect(r.error?.problem).toMatchObject({ type: expect.stringMatching(/communication$/), status: 503 });
    expect(drive(callOpenApi(scope(rc), { status: 'a' }, spec()), petstore).requests).toHaveLength(2);
  });

  it('reports a missing required parameter as a validation error, after the document fetch only', () => {
    const r = drive(callOpenApi(scope(runContext()), {}, spec({ parameters: {} })), petstore);
    expect(r.requests).toHaveLength(1);
    expect(r.error?.problem).toMatchObject({ type: expect.stringMatching(/validation$/), status: 400, missing: ['status'] });
  });

  it('refuses a missing endpoint, a missing operationId and an unknown authentication', () => {
    const rc = runContext();
    expect(drive(callOpenApi(scope(rc), {}, { operationId: 'x' }), petstore).error?.problem.type).toMatch(/configuration$/);
    expect(drive(callOpenApi(scope(rc), {}, spec({ operationId: null })), petstore).error?.problem.type).toMatch(/configuration$/);
    const r = drive(callOpenApi(scope(rc), { status: 'a' }, spec({ authentication: 'nope' })), petstore);
    expect(r.error?.message).toContain("authentication 'nope'");
  });
});
