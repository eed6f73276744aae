// The hostile workloads of bench/hostile.bench.js: what each registers once (setup) and the one request
// it sends each time (send → { status }). Each is what issue 13 found to hold or kill the server.
import { call } from './http-common.js';

const doc = (name, tasks) => ({ document: { dsl: '1.0.0', namespace: 'hostile', name, version: '1.0.0' }, do: tasks });

/**
 * A 60,000-key YAML mapping (~600 KB, under the 1 MB body limit): the duplicate-key check of the YAML
 * parser was quadratic. The keys sit at the top level, beside a valid header: the document is refused
 * by the schema after parsing — if parsing ends.
 */
function bigYaml() {
  const lines = ["document: { dsl: '1.0.0', namespace: hostile, name: big, version: '1.0.0' }", 'do: []'];
  for (let i = 0; i < 60_000; i++) lines.push(`k${i}: 1`);
  return lines.join('\n') + '\n';
}
let yamlText;

async function post(url, method, path, body, headers, timeoutMs) {
  const res = await fetch(url + path, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer();
  return { status: res.status };
}

export const HOSTILE_KINDS = [
  {
    name: 'regex',
    setup: (url) => call(url, 'PUT', '/api/v1/workflows', doc('regex', [{ r: { set: { hit: '${ "a" * 40 + "!" | test("^(a+)+$") }' } } }])),
    send: (url, t) => post(url, 'POST', '/api/v1/workflows/hostile/regex/runs', '{}', { 'content-type': 'application/json' }, t),
  },
  {
    name: 'loop',
    setup: (url) => call(url, 'PUT', '/api/v1/workflows', doc('loop', [{ a: { set: { n: '${ (.n // 0) + 1 }' }, then: 'a' } }])),
    send: (url, t) => post(url, 'POST', '/api/v1/workflows/hostile/loop/runs', '{}', { 'content-type': 'application/json' }, t),
  },
  {
    name: 'yaml',
    setup: async () => {
      yamlText ??= bigYaml();
    },
    send: (url, t) => post(url, 'PUT', '/api/v1/workflows', (yamlText ??= bigYaml()), { 'content-type': 'application/yaml' }, t),
  },
  {
    name: 'logging',
    setup: (url) => call(url, 'PUT', '/api/v1/functions/logger', { source: "export default async () => { for (let i = 0; i < 20000; i++) console.log('x'.repeat(100) + i); return 1; }", manifest: { version: '1.0.0' } }),
    send: (url, t) => post(url, 'POST', '/fn/logger', '{}', { 'content-type': 'application/json' }, t),
  },
  {
    name: 'schema',
    setup: (url) => call(url, 'PUT', '/api/v1/event-types/hostile.pattern', { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } }),
    send: (url, t) =>
      post(url, 'POST', '/api/v1/events', JSON.stringify({ specversion: '1.0', id: `h-${Math.random()}`, source: '/hostile', type: 'hostile.pattern', data: { s: 'a'.repeat(28) + '!' } }), { 'content-type': 'application/json' }, t),
  },
];

export const hostileSetup = (url, kind) => kind.setup(url);
