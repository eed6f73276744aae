/**
 * The folders `weft fn new` writes: a handler typed with `weft/sdk`, its manifest, a unit test that runs
 * with `node --test` (Node strips the types) and a tsconfig.json for editors. One template per kind of
 * function people start with: a pure transform, an HTTP call with a secret, an event handler.
 */
export const FN_TEMPLATES = ['transform', 'http', 'event'] as const;
export type FnTemplate = (typeof FN_TEMPLATES)[number];

/** File name → content. */
export type Scaffold = Record<string, string>;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const TSCONFIG = json({
  compilerOptions: {
    target: 'ES2022',
    module: 'preserve',
    moduleResolution: 'bundler',
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    types: ['node'],
    lib: ['ES2023'],
  },
  include: ['*.ts'],
});

/** The fake `ctx` each test builds: logs and emitted events are collected, `fetch` answers what it is given. */
const TEST_CTX = `/** A ctx for tests: collects logs and events; fetch answers with \`reply\`; only \`secrets\` are granted. */
function testCtx(o: { reply?: (url: string, init?: FunctionFetchInit) => FunctionFetchResponse; secrets?: Record<string, string> } = {}) {
  const logs: { level: string; message: string }[] = [];
  const events: FunctionEvent[] = [];
  const log = (level: string) => (message: string) => void logs.push({ level, message });
  const ctx: FunctionContext = {
    fetch: async (url, init) => {
      if (!o.reply) throw Object.assign(new Error(\`egress to \${url} is not allowed\`), { code: 'WEFT_ERR_FN_EGRESS' });
      return o.reply(url, init);
    },
    secrets: { get: (name) => o.secrets?.[name] },
    log: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    emit: async (event) => void events.push(event),
    invocationId: 'test-invocation',
    idempotencyKey: 'test-key',
    deadline: Date.now() + 1_000,
  };
  return { ctx, logs, events };
}
`;

function transform(name: string): Scaffold {
  return {
    'index.ts': `// ${name}: a transform. It computes its output from its input alone: no network, no secrets.
import type { Handler } from 'weft/sdk';

export interface Input {
  items: { sku: string; qty: number; price: number }[];
}

export interface Output {
  total: number;
  count: number;
}

const handler: Handler<Input, Output> = async (input, ctx) => {
  const total = input.items.reduce((sum, item) => sum + item.qty * item.price, 0);
  ctx.log.info('totalled', { count: input.items.length });
  return { total: Math.round(total * 100) / 100, count: input.items.length };
};

export default handler;
`,
    'weft.json': json({
      name,
      version: '0.1.0',
      description: 'Totals an order: the sum of qty × price over its items',
      input: {
        type: 'object',
        required: ['items'],
        properties: { items: { type: 'array', items: { type: 'object', required: ['sku', 'qty', 'price'], properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 }, price: { type: 'number', minimum: 0 } } } } },
      },
      output: { type: 'object', required: ['total', 'count'], properties: { total: { type: 'number' }, count: { type: 'integer' } } },
      timeoutMs: 1000,
    }),
    'index.test.ts': `import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FunctionContext, FunctionEvent, FunctionFetchInit, FunctionFetchResponse } from 'weft/sdk';
import handler from './index.ts';

${TEST_CTX}
test('totals the items', async () => {
  const { ctx, logs } = testCtx();
  const output = await handler({ items: [{ sku: 'tea', qty: 2, price: 4.5 }, { sku: 'cup', qty: 1, price: 3 }] }, ctx);
  assert.deepEqual(output, { total: 12, count: 2 });
  assert.deepEqual(logs, [{ level: 'info', message: 'totalled' }]);
});

test('an empty order totals zero', async () => {
  assert.deepEqual(await handler({ items: [] }, testCtx().ctx), { total: 0, count: 0 });
});
`,
  };
}

function http(name: string): Scaffold {
  return {
    'index.ts': `// ${name}: calls an HTTP API with a secret. The host must be listed in weft.json "egress" (a private
// address needs the operator's WEFT_EGRESS_ALLOW too), and the secret in "secrets" (value: WEFT_SECRET_EXAMPLE_API_TOKEN).
import type { Handler } from 'weft/sdk';

export interface Input {
  symbol: string;
}

export interface Output {
  symbol: string;
  price: number;
}

const handler: Handler<Input, Output> = async (input, ctx) => {
  const token = ctx.secrets.get('EXAMPLE_API_TOKEN');
  if (!token) throw new Error('the secret EXAMPLE_API_TOKEN has no value');
  const res = await ctx.fetch(\`https://api.example.com/v1/quotes/\${encodeURIComponent(input.symbol)}\`, {
    // The idempotency key is the same when Weft retries this call: the API can deduplicate it.
    headers: { authorization: \`Bearer \${token}\`, 'idempotency-key': ctx.idempotencyKey },
  });
  if (!res.ok) throw new Error(\`api.example.com answered \${res.status}\`);
  const quote = await res.json<{ price: number }>();
  return { symbol: input.symbol, price: quote.price };
};

export default handler;
`,
    'weft.json': json({
      name,
      version: '0.1.0',
      description: 'Looks up a quote from api.example.com',
      input: { type: 'object', required: ['symbol'], properties: { symbol: { type: 'string', minLength: 1 } } },
      output: { type: 'object', required: ['symbol', 'price'], properties: { symbol: { type: 'string' }, price: { type: 'number' } } },
      egress: ['api.example.com'],
      secrets: ['EXAMPLE_API_TOKEN'],
      timeoutMs: 5000,
    }),
    'index.test.ts': `import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FunctionContext, FunctionEvent, FunctionFetchInit, FunctionFetchResponse } from 'weft/sdk';
import handler from './index.ts';

${TEST_CTX}
const answer = (status: number, body: unknown): FunctionFetchResponse => ({
  status, ok: status >= 200 && status < 300, headers: {}, body: JSON.stringify(body),
  text: async () => JSON.stringify(body), json: async <T>() => body as T,
});

test('asks the API with the token and answers its price', async () => {
  const asked: { url: string; init?: FunctionFetchInit }[] = [];
  const { ctx } = testCtx({ secrets: { EXAMPLE_API_TOKEN: 't0ken' }, reply: (url, init) => (asked.push({ url, init }), answer(200, { price: 12.5 })) });
  assert.deepEqual(await handler({ symbol: 'WEFT' }, ctx), { symbol: 'WEFT', price: 12.5 });
  assert.equal(asked[0].url, 'https://api.example.com/v1/quotes/WEFT');
  assert.equal(asked[0].init?.headers?.authorization, 'Bearer t0ken');
});

test('fails when the API does (Weft retries or faults the run, as the workflow says)', async () => {
  const { ctx } = testCtx({ secrets: { EXAMPLE_API_TOKEN: 't0ken' }, reply: () => answer(503, {}) });
  await assert.rejects(async () => handler({ symbol: 'WEFT' }, ctx), /answered 503/);
});
`,
  };
}

function event(name: string): Scaffold {
  return {
    'index.ts': `// ${name}: handles a CloudEvent (make it a subscription's target: {function: {name: ${name}}}) and emits one.
import type { Handler } from 'weft/sdk';

export interface OrderPlaced {
  type: string;
  source: string;
  id: string;
  data: { orderId: string; total: number };
}

export interface Output {
  acknowledged: string;
}

const handler: Handler<OrderPlaced, Output> = async (event, ctx) => {
  ctx.log.info(\`order \${event.data.orderId} placed\`, { total: event.data.total });
  await ctx.emit({ type: 'com.example.${name}.Acknowledged', source: '/functions/${name}', data: { orderId: event.data.orderId } });
  return { acknowledged: event.data.orderId };
};

export default handler;
`,
    'weft.json': json({
      name,
      version: '0.1.0',
      description: 'Acknowledges OrderPlaced events',
      input: { type: 'object', required: ['type', 'data'], properties: { data: { type: 'object', required: ['orderId'] } } },
      timeoutMs: 1000,
    }),
    'index.test.ts': `import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FunctionContext, FunctionEvent, FunctionFetchInit, FunctionFetchResponse } from 'weft/sdk';
import handler from './index.ts';

${TEST_CTX}
test('acknowledges the order and emits an event about it', async () => {
  const { ctx, events } = testCtx();
  const placed = { type: 'com.example.shop.OrderPlaced', source: '/shop', id: 'e-1', data: { orderId: 'o-1', total: 9 } };
  assert.deepEqual(await handler(placed, ctx), { acknowledged: 'o-1' });
  assert.deepEqual(events, [{ type: 'com.example.${name}.Acknowledged', source: '/functions/${name}', data: { orderId: 'o-1' } }]);
});
`,
  };
}

/** The files of a new function folder. */
export function fnScaffold(name: string, template: FnTemplate): Scaffold {
  const files = { transform, http, event }[template](name);
  return { ...files, 'tsconfig.json': TSCONFIG };
}
