/**
 * The CLI's platform slice (cli-platform.ts) over a running server's HTTP API (server-client.ts): the same
 * use cases as the local façade, one route each, with the API's ISO 8601 times turned back into the
 * façade's epoch milliseconds where the façade has them.
 *
 * Deploying a folder builds it here first (the same bundler the server uses): a compile error is said
 * before anything is sent, and the modules that went into the bundle (not node_modules: bare imports
 * resolve on the server) are what is uploaded, with weft.json as the manifest.
 */
import type { FunctionAlias, FunctionInvocation, NodeInfo } from '../ports/index.js';
import type { BulkRedriveStarted, EventView, FunctionSourceInput, FunctionSummary, FunctionView, RunView, StartRequest, WorkflowView } from '../platform/index.js';
import type { Json } from '../shared/index.js';
import type { RekeyView, SecretUsageView, SecretVersionView, SecretView, TestTaskView } from '../contracts/index.js';
import { MANIFEST_FILE, bundleFunction, parseManifest, readManifestFile } from '../functions/index.js';
import type { CliPlatform } from './cli-platform.js';
import { usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';
import type { ServerClient } from './server-client.js';

const seg = encodeURIComponent;
const ms = (iso: string | number) => (typeof iso === 'number' ? iso : Date.parse(iso));

/** `{ files, entry }` and the raw manifest to upload for `source`. */
async function upload(source: FunctionSourceInput, manifest: Json | undefined): Promise<{ files: Record<string, string>; entry?: string; manifest: Record<string, Json> }> {
  const raw = (manifest ?? readManifestFile(source)) as Record<string, Json>;
  if ('files' in source) return { files: source.files, ...(source.entry ? { entry: source.entry } : {}), manifest: raw };
  const bundle = await bundleFunction(source, parseManifest(raw, manifest === undefined ? MANIFEST_FILE : undefined));
  if (!bundle.source) throw usageProblem(CLI_ERROR_CODES.function, `the function's modules in ${source.dir} are too large to upload; deploy it on the server's machine`);
  return { files: bundle.source.files, entry: bundle.source.entry, manifest: raw };
}

export function remotePlatform(client: ServerClient): CliPlatform {
  return {
    workflows: {
      async register(text) {
        // YAML is a superset of JSON: one content type carries either.
        const r = await client.request<WorkflowView>('PUT', '/api/v1/workflows', { body: text, contentType: 'application/yaml' });
        return { workflow: r.body, created: r.status === 201 };
      },
      testTask: async ({ namespace, name, version, ...body }) =>
        (await client.request<TestTaskView>('POST', `/api/v1/workflows/${seg(namespace)}/${seg(name)}/test-task`, { query: { version }, body })).body,
    },
    runs: {
      async start(req: StartRequest) {
        const r = await client.request<RunView>('POST', `/api/v1/workflows/${seg(req.namespace)}/${seg(req.name)}/runs`, {
          query: { version: req.version },
          body: req.input,
          headers: { ...(req.waitMs ? { prefer: `wait=${Math.ceil(req.waitMs / 1000)}` } : {}), ...(req.idempotencyKey ? { 'idempotency-key': req.idempotencyKey } : {}) },
        });
        return { run: r.body, created: r.headers.get('idempotent-replayed') !== 'true' };
      },
      get: async (id) => (await client.request<RunView>('GET', `/api/v1/runs/${seg(id)}`)).body,
      // `by` is the server's to know (the API key's principal).
      redrive: async (id, { version, patch }) => (await client.request<RunView>('POST', `/api/v1/runs/${seg(id)}/redrive`, { body: { ...(version ? { version } : {}), ...(patch !== undefined ? { patch } : {}) } })).body,
      async redriveMatching(q, { dryRun } = {}) {
        const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
        const body = { ...q, workflow: q.name && q.namespace ? `${q.namespace}/${q.name}` : undefined, namespace: q.name ? undefined : q.namespace, name: undefined, from: iso(q.from), to: iso(q.to), dryRun };
        // The server redrives in the background: nothing here to wait for.
        return { ...(await client.request<Omit<BulkRedriveStarted, 'done'>>('POST', '/api/v1/runs/redrive', { body: JSON.parse(JSON.stringify(body)) as Json })).body, done: Promise.resolve() };
      },
      rerun: async (id, { from, version, patch }) => (await client.request<RunView>('POST', `/api/v1/runs/${seg(id)}/rerun`, { body: { from, ...(version ? { version } : {}), ...(patch !== undefined ? { patch } : {}) } })).body,
    },
    functions: {
      async deploy(source, manifest) {
        const body = await upload(source, manifest);
        const name = body.manifest.name;
        if (typeof name !== 'string' || !name) throw usageProblem(CLI_ERROR_CODES.function, `${MANIFEST_FILE} has no "name"`);
        const r = await client.request<FunctionView>('PUT', `/api/v1/functions/${seg(name)}`, { body });
        return { function: r.body, created: r.status === 201 };
      },
      list: async () => (await client.request<{ items: FunctionSummary[] }>('GET', '/api/v1/functions')).body.items,
      async setAlias(alias: FunctionAlias) {
        const r = await client.request<FunctionAlias>('PUT', `/api/v1/functions/${seg(alias.name)}/aliases/${seg(alias.alias)}`, { body: { routes: alias.routes } });
        return { after: r.body };
      },
      async invoke(req) {
        const r = await client.request<Json>('POST', `/api/v1/functions/${seg(req.name)}/invoke`, { query: { ref: req.ref }, body: req.input, ...(req.idempotencyKey ? { headers: { 'idempotency-key': req.idempotencyKey } } : {}) });
        return { version: r.headers.get('weft-function-version') ?? '', output: r.body };
      },
      async logs(name, limit) {
        const r = await client.request<{ items: (Omit<FunctionInvocation, 'at' | 'logs'> & { at: string; logs: (Omit<FunctionInvocation['logs'][number], 'at'> & { at: string })[] })[] }>('GET', `/api/v1/functions/${seg(name)}/logs`, { query: { limit } });
        return r.body.items.map((i) => ({ ...i, at: ms(i.at), logs: i.logs.map((l) => ({ ...l, at: ms(l.at) })) }));
      },
    },
    events: {
      list: async (q) =>
        (await client.request<{ items: EventView[] }>('GET', '/api/v1/events', { query: { type: q.type, source: q.source, after: q.afterSeq, limit: q.limit, since: q.since === undefined ? undefined : new Date(q.since).toISOString() } })).body.items,
    },
    secrets: {
      async put(namespace, name, body) {
        const r = await client.request<SecretView>('PUT', `/api/v1/namespaces/${seg(namespace)}/secrets/${seg(name)}`, { body });
        return { secret: r.body, created: r.status === 201 };
      },
      get: async (namespace, name) => (await client.request<SecretView>('GET', `/api/v1/namespaces/${seg(namespace)}/secrets/${seg(name)}`)).body,
      list: async (namespace) => (await client.request<{ items: SecretView[] }>('GET', namespace === undefined ? '/api/v1/secrets' : `/api/v1/namespaces/${seg(namespace)}/secrets`)).body.items,
      versions: async (namespace, name) => (await client.request<{ items: SecretVersionView[] }>('GET', `/api/v1/namespaces/${seg(namespace)}/secrets/${seg(name)}/versions`)).body.items,
      usage: async (namespace, name) => (await client.request<{ items: SecretUsageView[] }>('GET', `/api/v1/namespaces/${seg(namespace)}/secrets/${seg(name)}/usage`)).body.items,
      async delete(namespace, name) {
        await client.request('DELETE', `/api/v1/namespaces/${seg(namespace)}/secrets/${seg(name)}`);
      },
      grant: async (namespace, name, body) => (await client.request<SecretView>('POST', `/api/v1/namespaces/${seg(namespace)}/secrets/${seg(name)}/grants`, { body })).body,
      rekey: async () => (await client.request<RekeyView>('POST', '/api/v1/secrets/rekey')).body,
      schedule: async (namespace, name, body) =>
        (await client.request<SecretView>(body ? 'PUT' : 'DELETE', `/api/v1/namespaces/${seg(namespace)}/secrets/${seg(name)}/rotation`, body ? { body } : {})).body,
      status: async () => (await client.request<{ enabled: boolean; masterKeyId?: string; previousMasterKeyId?: string }>('GET', '/api/v1/vault')).body,
      rotate: async (namespace, name, fn, _by, overlapSeconds) =>
        (await client.request<SecretView>('POST', `/api/v1/namespaces/${seg(namespace)}/secrets/${seg(name)}/rotate`, { body: { function: fn, ...(overlapSeconds === undefined ? {} : { overlapSeconds }) } })).body,
    },
    nodes: {
      async list() {
        const r = await client.request<{ items: (Omit<NodeInfo, 'startedAt' | 'heartbeatAt'> & { startedAt: string; heartbeatAt: string })[] }>('GET', '/api/v1/nodes');
        return r.body.items.map((n) => ({ ...n, startedAt: ms(n.startedAt), heartbeatAt: ms(n.heartbeatAt) }));
      },
    },
  };
}
