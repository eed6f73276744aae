/**
 * Requests for the HTTP API fuzzer, built from the server's own OpenAPI document: every path and method,
 * path parameters filled with known names or random (and hostile) strings, declared and undeclared query
 * parameters, a body sampled from the route's request schema then mutated — or random JSON, random text
 * — and random headers (content types, Prefer, Idempotency-Key, Authorization, Accept, encodings).
 */
import fc from 'fast-check';
import type { Sent } from './http-support.js';

type Schema = Record<string, any>;
export interface Route {
  method: string;
  path: string;
  query: string[];
  bodySchema?: Schema;
}

/** The routes of an OpenAPI 3 document. */
export function routesOf(doc: { paths: Record<string, Record<string, Schema>> }): Route[] {
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const query = ((op.parameters ?? []) as Schema[]).filter((p) => p.in === 'query').map((p) => p.name as string);
      const bodySchema = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      out.push({ method: method.toUpperCase(), path, query, ...(bodySchema ? { bodySchema } : {}) });
    }
  }
  return out;
}

/** A plausible value for a JSON Schema (the first branch of every choice): what a well-meaning client sends. */
export function sample(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return {};
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.examples?.[0] !== undefined) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  const choice = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(choice) && choice.length && !schema.properties) return sample(choice[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) o[k] = sample(v, depth + 1);
      if (Array.isArray(choice) && choice[0]?.required) for (const k of choice[0].required as string[]) o[k] ??= {};
      return o;
    }
    case 'array':
      return [sample(schema.items, depth + 1)];
    case 'string':
      return schema.format === 'date-time' ? '2026-12-07T15:00:00Z' : 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return {};
  }
}

/** Replaces the n-th (mod count) property or element of `root` in document order; returns `root` (or the value itself). */
export function replaceNth(root: unknown, n: number, value: unknown): unknown {
  const slots: [Record<string | number, unknown>, string | number][] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        slots.push([node as unknown as Record<number, unknown>, i]);
        visit(v);
      });
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        slots.push([node as Record<string, unknown>, k]);
        visit(v);
      }
    }
  };
  visit(root);
  if (slots.length === 0) return value;
  const [parent, key] = slots[n % slots.length]!;
  parent[key] = value;
  return root;
}

const hostile = fc.constantFrom('', ' ', '..', '.', '%2e%2e', '%2F', '%00', '%ff', '%', '%%', '%E2%82%AC', '__proto__', 'constructor', 'a'.repeat(300), '${ . }', '\u{1F4A5}', ';', '?', '#', '@', '*', '-1', '0', '1e309', 'null', 'true', '[]', '{}');
const known = fc.constantFrom('fuzz', 'wf', '1.0.0', 'echo', 'latest', 'default', 'fuzz.happened', 'sub', 'hook', 'stable');
// Mostly names that exist (so that requests reach the handlers), sometimes hostile or random ones.
const segment = fc.oneof({ arbitrary: known, weight: 6 }, { arbitrary: hostile, weight: 2 }, { arbitrary: fc.string({ maxLength: 12 }).map(encodeURIComponent), weight: 1 }, { arbitrary: fc.stringMatching(/^[a-z0-9._-]{1,12}$/), weight: 1 });

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const oddValue = fc.oneof(jsonValue, fc.constantFrom(null, '', -1, 0, 1e308, -1e308, 2 ** 53 + 1, [], {}, 'x'.repeat(5000), { __proto__: null }, '${ . }', '1.0.0'));
const queryValue = fc.oneof(fc.constantFrom('', '-1', '0', '1', '1000', '1001', '1e309', 'NaN', 'true', 'null', '2026-12-07T15:00:00Z', 'yesterday', '%', '%ff', 'fuzz', 'completed', 'running', '[]', 'a'.repeat(2000)), fc.string({ maxLength: 10 }).map(encodeURIComponent));
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/yaml', 'text/yaml', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/cloudevents+json', 'application/problem+json', '*/*', 'garbage', '');
const headerPairs = fc.array(
  fc.oneof(
    fc.tuple(fc.constant('prefer'), fc.constantFrom('wait=0', 'wait=1', 'wait=-1', 'wait=abc', 'wait=1e9', 'respond-async', 'return=minimal', 'wait=1, respond-async')),
    fc.tuple(fc.constant('idempotency-key'), fc.oneof(fc.constantFrom('k1', '', 'x'.repeat(500)), fc.string({ maxLength: 10 }))),
    fc.tuple(fc.constant('authorization'), fc.constantFrom('Bearer x', 'Bearer ', 'Basic Zm9vOmJhcg==', 'wk_000000000000_aaaa', 'Bearer wk_zzzzzzzzzzzz_' + 'a'.repeat(43), '')),
    fc.tuple(fc.constant('accept'), fc.constantFrom('application/json', 'text/html', 'text/event-stream', '*/*', 'application/xml', '')),
    fc.tuple(fc.constant('accept-encoding'), fc.constantFrom('gzip', 'br', 'identity', 'x')),
    fc.tuple(fc.constant('content-encoding'), fc.constantFrom('gzip', 'deflate', 'br', 'x')),
    fc.tuple(fc.constant('x-forwarded-for'), fc.constantFrom('1.2.3.4', '::1', 'garbage', '')),
    fc.tuple(fc.constant('traceparent'), fc.constantFrom('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '00-00000000000000000000000000000000-0000000000000000-01', 'garbage')),
    fc.tuple(fc.constantFrom('ce-specversion', 'ce-id', 'ce-source', 'ce-type', 'x-weft-signature', 'x-hub-signature-256', 'if-none-match', 'last-event-id'), fc.string({ maxLength: 10 })),
  ),
  { maxLength: 4 },
);

/** `arb` once in `n` cases, else null. */
const rarely = <T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | null> => fc.oneof({ arbitrary: fc.constant(null), weight: n - 1 }, { arbitrary: arb, weight: 1 });

/** A request against one of `routes`. */
export function request(routes: readonly Route[]): fc.Arbitrary<Sent> {
  return fc
    .record({
      route: fc.constantFrom(...routes),
      method: rarely(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), 8),
      segments: fc.array(segment, { minLength: 4, maxLength: 4 }),
      extraPath: rarely(fc.constantFrom('/', '//', '/x', '/..', '?', '#x', '/%2e%2e/%2e%2e/healthz'), 8),
      query: fc.array(fc.tuple(fc.oneof(fc.constantFrom('limit', 'cursor', 'from', 'to', 'status', 'version', 'namespace', 'after', 'since', 'ref', '__proto__', 'wait'), fc.string({ maxLength: 5 }).map(encodeURIComponent)), queryValue), { maxLength: 4 }),
      declared: fc.array(queryValue, { minLength: 8, maxLength: 8 }),
      body: fc.oneof(
        fc.record({ kind: fc.constant('sample' as const) }),
        fc.record({ kind: fc.constant('mutated' as const), edits: fc.array(fc.tuple(fc.nat(), oddValue), { minLength: 1, maxLength: 3 }) }),
        fc.record({ kind: fc.constant('json' as const), value: oddValue }),
        fc.record({ kind: fc.constant('text' as const), text: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '[1,', '{"a":1}garbage', '---\na: &a [*a]', 'a: !!binary AAAA', '\u0000', '{"__proto__":{"x":1}}', 'do:\n  - a:\n      set: {}')) }),
        fc.record({ kind: fc.constant('none' as const) }),
      ),
      contentType: rarely(contentType, 3),
      headers: headerPairs,
    })
    .map((r) => {
      let i = 0;
      let path = r.route.path.replace(/\{[^}]+\}/g, () => r.segments[i++ % 4]!);
      if (r.extraPath) path += r.extraPath;
      const q = [...r.route.query.map((name, k) => [name, r.declared[k % 8]!] as const).filter((_, k) => r.declared[k % 8] !== ''), ...r.query];
      if (q.length) path += '?' + q.map(([k, v]) => `${k}=${v}`).join('&');
      const headers: Record<string, string> = Object.fromEntries(r.headers);
      let body: string | undefined;
      const good = sample(r.route.bodySchema);
      if (r.body.kind === 'sample') body = JSON.stringify(good);
      else if (r.body.kind === 'mutated') body = JSON.stringify(r.body.edits.reduce<unknown>((doc, [n, v]) => replaceNth(doc, n, v), structuredClone(good)));
      else if (r.body.kind === 'json') body = JSON.stringify(r.body.value);
      else if (r.body.kind === 'text') body = r.body.text;
      if (body !== undefined) headers['content-type'] = r.contentType ?? 'application/json';
      else if (r.contentType) headers['content-type'] = r.contentType;
      return { method: r.method ?? r.route.method, path, headers, ...(body !== undefined ? { body } : {}) };
    });
}
