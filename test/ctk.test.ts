/**
 * Conformance: every scenario of the spec's CTK (../shared/ctk) and of our own features (test/ctk-extra)
 * runs against the engine. An unknown step fails the scenario.
 *
 * Every scenario gets a real HTTP client (`createHttpClient`, egress open) and a real local HTTP server
 * (127.0.0.1, random port) whose base URL replaces `{{server}}` in every doc string; `{{closed}}`
 * is the URL of a port nothing listens on. The server's routes are deterministic:
 *
 *   /echo[/…]             200, JSON { method, path, query, headers, body } of the request
 *   /fail/<n>/<key>       503 for the first n calls per key (counted per scenario), then 200 { key, attempt }
 *   /status/<code>        that status, JSON { status }
 *   /redirect             302 to /echo?redirected=true
 *   /pets/<id>            200 { id, name } for ids 1–99, else 404 { error }
 *   /text                 200 text/plain `hello world`
 *   /delay/<ms>           200 { delayed: ms } after ms milliseconds (real time)
 *   /created              201 with a Location header, JSON echo of the request
 *   /openapi.json         an OpenAPI 3 document (operation `getPetById` → /pets/{petId})
 *
 * Scenarios (or features) tagged `@wip` describe behaviour the engine does not have yet: they are
 * skipped, and their count and names are printed after the run. `CTK_WIP=1` runs them too.
 */
import { existsSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../src/security/http-client.js';
import { featureFiles, parseFeature } from './ctk/load.js';
import { STEPS, type CtkServer, type LoggedRequest, type World, substitute } from './ctk/steps.js';

// The conformance kit (WEFT_CONFORMANCE_DIR, default ../shared); a fresh clone has none and runs only test/ctk-extra.
const SHARED = resolve(process.env.WEFT_CONFORMANCE_DIR ?? resolve(__dirname, '../../shared'), 'ctk');
const EXTRA = resolve(__dirname, 'ctk-extra');
const RUN_WIP = process.env.CTK_WIP === '1';

// ---------------------------------------------------------------------------------------------------
// The local HTTP server
// ---------------------------------------------------------------------------------------------------

const server: CtkServer = { url: '', closedUrl: '', requests: [], failures: new Map() };
let httpServer: Server | undefined;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function openapiDocument(base: string): unknown {
  return {
    openapi: '3.0.3',
    info: { title: 'CTK pets', version: '1.0.0' },
    servers: [{ url: base }],
    paths: {
      '/pets/{petId}': {
        get: {
          operationId: 'getPetById',
          parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '200': { description: 'a pet', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', server.url);
  let body: unknown = raw.length ? raw : null;
  if (raw.length && /json/i.test(req.headers['content-type'] ?? '')) {
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
  }
  const logged: LoggedRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams.entries()),
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
    body,
  };
  server.requests.push(logged);
  const parts = url.pathname.split('/').filter(Boolean);
  switch (parts[0]) {
    case 'echo':
      return send(res, 200, logged);
    case 'fail': {
      const n = Number(parts[1]);
      const key = parts.slice(2).join('/');
      const attempt = (server.failures.get(key) ?? 0) + 1;
      server.failures.set(key, attempt);
      if (attempt <= n) return send(res, 503, { error: 'unavailable', key, attempt });
      return send(res, 200, { key, attempt });
    }
    case 'status': {
      const code = Number(parts[1]);
      return send(res, code, { status: code });
    }
    case 'redirect':
      return send(res, 302, { redirect: '/echo?redirected=true' }, { location: '/echo?redirected=true' });
    case 'pets': {
      const id = Number(parts[1]);
      if (Number.isInteger(id) && id >= 1 && id <= 99) return send(res, 200, { id, name: `Pet ${id}` });
      return send(res, 404, { error: `no pet ${parts[1] ?? ''}` });
    }
    case 'text':
      return send(res, 200, 'hello world');
    case 'delay': {
      const ms = Number(parts[1]);
      await new Promise((r) => setTimeout(r, ms));
      return send(res, 200, { delayed: ms });
    }
    case 'created':
      return send(res, 201, logged, { location: `${server.url}/pets/42` });
    case 'openapi.json':
      return send(res, 200, openapiDocument(server.url));
    default:
      return send(res, 404, { error: `no route ${url.pathname}` });
  }
}

function listen(s: Server): Promise<string> {
  return new Promise((res, rej) => {
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => res(`http://127.0.0.1:${(s.address() as AddressInfo).port}`));
  });
}

beforeAll(async () => {
  httpServer = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, { error: String(err) }));
  });
  server.url = await listen(httpServer);
  // A port that was free a moment ago: connecting to it is refused.
  const probe = createServer();
  server.closedUrl = await listen(probe);
  await new Promise((r) => probe.close(r));
});

afterAll(async () => {
  if (!httpServer) return;
  httpServer.closeAllConnections();
  await new Promise((r) => httpServer!.close(r));
});

// ---------------------------------------------------------------------------------------------------
// The scenarios
// ---------------------------------------------------------------------------------------------------

const http = createHttpClient({ mode: "open", allow: [] }, { timeoutMs: 10_000 });
const wip: string[] = [];

/** A fresh world per scenario (the Before hook): real HTTP client, the server, reset server state. */
function newWorld(): World {
  server.requests.length = 0;
  server.failures.clear();
  return { input: {}, lifecycle: [], http, server };
}

it.skipIf(!existsSync(SHARED))('finds the shared CTK', () => {
  expect(existsSync(SHARED), `${SHARED} is missing`).toBe(true);
  expect(featureFiles(SHARED).length).toBeGreaterThan(0);
});

for (const file of [...(existsSync(SHARED) ? featureFiles(SHARED) : []), ...(existsSync(EXTRA) ? featureFiles(EXTRA) : [])]) {
  const doc = parseFeature(file);
  const feature = doc.feature!;
  const featureWip = feature.tags.some((t) => t.name === '@wip');
  describe(`${basename(file)}: ${feature.name}`, () => {
    for (const child of feature.children) {
      const scenario = child.scenario;
      if (!scenario) continue;
      const isWip = featureWip || scenario.tags.some((t) => t.name === '@wip');
      if (isWip) wip.push(`${basename(file)}: ${scenario.name}`);
      const run = async () => {
        const world = newWorld();
        for (const step of scenario.steps) {
          const text = step.text.trim();
          const match = STEPS.map((s) => ({ s, m: text.match(s.pattern) })).find((x) => x.m);
          if (!match) throw new Error(`no step matches: ${step.keyword}${text}`);
          const docString = step.docString === undefined ? undefined : substitute(world, step.docString.content);
          await match.s.run(world, match.m!, docString);
        }
      };
      if (isWip && !RUN_WIP) it.skip(`@wip ${scenario.name}`, run);
      else it(isWip ? `@wip ${scenario.name}` : scenario.name, run);
    }
  });
}

afterAll(() => {
  if (!wip.length) return;
  const how = RUN_WIP ? 'run (CTK_WIP=1)' : 'skipped (CTK_WIP=1 runs them)';
  console.log(`CTK: ${wip.length} @wip scenario(s) ${how}:\n${wip.map((w) => `  - ${w}`).join('\n')}`);
});
