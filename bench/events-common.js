// Shared by the events benchmark (events.bench.js) and its profiler (events-profile.js): a Weft server
// (`weft dev`) in a child process (events-server.js) on a fresh SQLite file, the benchmark's function,
// workflow and subscriptions provisioned through the HTTP API, a closed-loop batch loader (node:http, a
// distinct body per request) and the sequential end-to-end probe.
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { call, median, percentile, round3 } from './http-common.js';
import { forkServer } from './server-process.js';

export { call, median, percentile, round3 };
const here = dirname(fileURLToPath(import.meta.url));

/** The subscribed function: trivial (what a delivery costs, not what a function computes). */
export const SINK_JS = 'export default async (e) => ({ ok: true, id: e.id })';
/** The subscribed workflow: one `set` task whose output is the event's id (ties the run to its event). */
export const ONEVENT = {
  document: { dsl: '1.0.0', namespace: 'bench', name: 'onevent', version: '1.0.0' },
  do: [{ ack: { set: { id: '${ .id }' } } }],
};
export const TYPES = {
  /** Ingest with one subscription (function sink): every event also stores a delivery, which is then delivered. */
  ingestSub: 'bench.ingest.sub',
  /** Ingest with no subscription: the events alone. */
  ingestNone: 'bench.ingest.none',
  e2eFunction: 'bench.e2e.fn',
  e2eWorkflow: 'bench.e2e.wf',
  /** The same function deployed with the manifest defaults (maxConcurrency 10, queue 20): a probe. */
  ingestDefault: 'bench.ingest.default',
};
export const SUBSCRIPTIONS = {
  ingestSub: 'ingest-sink',
  e2eFunction: 'e2e-fn',
  e2eWorkflow: 'e2e-wf',
  ingestDefault: 'ingest-sink-default',
};

/**
 * Starts events-server.js in a child process on a new SQLite file under os.tmpdir(). `flags`: node flags
 * for the child (e.g. --cpu-prof). Resolves with { url, pid, mark(), watch(on, onSeen), pending(), stop() }.
 */
export async function startEventsServer(options = {}) {
  const server = await forkServer(join(here, 'events-server.js'), [], { ...options, label: 'events server' });
  const { child, next } = server;
  let seenHandler;
  child.on('message', (m) => {
    if (m?.type === 'seen') seenHandler?.(m);
  });
  const ask = (type, extra = {}) => {
    const answer = next(type === 'watch' ? 'watching' : type);
    child.send({ type, ...extra });
    return answer;
  };
  return {
    url: server.url,
    pid: server.pid,
    output: server.output,
    /** The server's CPU time (µs), store commits, monotonic clock (µs), RSS and delivery counters, now. */
    mark: () => ask('mark'),
    /** Turns the per-delivery reports on (with a handler) or off. */
    async watch(onSeen) {
      seenHandler = onSeen;
      await ask('watch', { on: !!onSeen });
    },
    /** Starts recording each delivery's stored → settled lag; track(false) resolves with them (µs, ascending). */
    track: async (on) => (await ask('track', { on })).lagsUs,
    /** received_at of the oldest pending delivery (null: nothing left to deliver). */
    pending: async () => (await ask('pending')).oldestPending,
    stop: server.stop,
  };
}

/** Deploys sink (maxConcurrency 64) and sink-default (manifest defaults), registers onevent, subscribes. */
export async function provision(url) {
  await call(url, 'PUT', '/api/v1/functions/sink', { source: SINK_JS, manifest: { version: '1.0.0', maxConcurrency: 64 } });
  await call(url, 'PUT', '/api/v1/functions/sink-default', { source: SINK_JS, manifest: { version: '1.0.0' } });
  await call(url, 'PUT', '/api/v1/workflows', ONEVENT);
  const sub = (name, type, target) => call(url, 'PUT', `/api/v1/subscriptions/${name}`, { filter: { type }, target });
  await sub(SUBSCRIPTIONS.ingestSub, TYPES.ingestSub, { function: { name: 'sink' } });
  await sub(SUBSCRIPTIONS.e2eFunction, TYPES.e2eFunction, { function: { name: 'sink' } });
  await sub(SUBSCRIPTIONS.e2eWorkflow, TYPES.e2eWorkflow, { workflow: { namespace: 'bench', name: 'onevent' } });
  await sub(SUBSCRIPTIONS.ingestDefault, TYPES.ingestDefault, { function: { name: 'sink-default' } });
}

let uniq = 0;
/** A prefix that makes ids unique in this process (several servers, several rounds). */
export const newTag = (name) => `${name}-${process.pid}-${++uniq}-${Date.now().toString(36)}`;

/** One CloudEvent as a JSON string (structured mode), ~200 bytes. */
export function eventJson(type, id, n) {
  return `{"specversion":"1.0","id":"${id}","source":"/bench/loadgen","type":"${type}","datacontenttype":"application/json","time":"2026-01-01T00:00:00.000Z","data":{"n":${n},"customer":"c-${n % 97}","amount":12.5,"items":["a","b"]}}`;
}

/** A batch of `size` events (a JSON array) with ids `${tag}-${i}-${j}`. */
export function batchBody(type, tag, i, size) {
  const ids = [];
  const parts = [];
  for (let j = 0; j < size; j++) {
    const id = `${tag}-${i}-${j}`;
    ids.push(id);
    parts.push(eventJson(type, id, i * size + j));
  }
  return { body: `[${parts.join(',')}]`, ids };
}

/** Checks one ingest answer: 202, one item per event, in order, none a duplicate, seqs increasing. */
export function checkAccepted(status, text, ids) {
  if (status !== 202) return `status ${status}: ${text.slice(0, 300)}`;
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 200)}`;
  }
  const items = body?.items;
  if (!Array.isArray(items) || items.length !== ids.length) return `expected ${ids.length} items, got ${Array.isArray(items) ? items.length : typeof items}`;
  for (let j = 0; j < ids.length; j++) {
    const it = items[j];
    if (it.id !== ids[j] || it.source !== '/bench/loadgen' || it.duplicate !== false || !Number.isInteger(it.seq) || (j > 0 && it.seq <= items[j - 1].seq)) return `item ${j} is ${JSON.stringify(it)}`;
  }
  return undefined;
}

/** One POST over a keep-alive agent; resolves with { status, text, ms } (latency from issuing to the answer's end). */
export function post(agent, target, path, body) {
  const buf = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(
      { host: target.hostname, port: target.port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(buf.length) } },
      (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8'), ms: Number(process.hrtime.bigint() - t0) / 1e6, t0 }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(buf);
  });
}

/**
 * Closed loop: `connections` keep-alive connections, each sending its next batch when the answer came,
 * until `batches` answers (or for `seconds`). Every answer is checked (checkAccepted). Returns answers,
 * events, wall time from start to the last answer, batches/s and events/s, latency percentiles (ms), the
 * failures (first few kept) and this process's CPU time.
 */
export async function batchLoad(url, { type, connections, batches, seconds, size = 100 }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const tag = newTag(type);
  const latencies = [];
  const failures = [];
  let issued = 0;
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const until = seconds ? t0 + BigInt(Math.round(seconds * 1e9)) : undefined;
  let last = t0;
  const more = () => (batches !== undefined ? issued < batches : process.hrtime.bigint() < until);
  const worker = async () => {
    while (more()) {
      const i = issued++;
      const { body, ids } = batchBody(type, tag, i, size);
      try {
        const r = await post(agent, target, '/api/v1/events', body);
        last = process.hrtime.bigint();
        latencies.push(r.ms);
        const bad = checkAccepted(r.status, r.text, ids);
        if (bad) failures.push(bad);
      } catch (err) {
        errors++;
        failures.push(String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  agent.destroy();
  const cpu = process.cpuUsage(cpu0);
  const wallS = Number(last - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  const answers = latencies.length;
  return {
    answers,
    events: answers * size,
    wallS,
    batchesPerSec: answers / wallS,
    eventsPerSec: (answers * size) / wallS,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    failed: failures.length,
    errors,
    firstFailures: failures.slice(0, 3),
    loadGenCpuUs: cpu.user + cpu.system,
  };
}

/** Waits until the server has settled (done or dead) `count` more deliveries than `base` (a mark), polling marks. */
export async function drain(server, base, count, { timeoutMs = 120_000 } = {}) {
  const t0 = Date.now();
  for (;;) {
    const m = await server.mark();
    if (m.settledDone + m.settledDead - base.settledDone - base.settledDead >= count) return m;
    if (Date.now() - t0 > timeoutMs) throw new Error(`deliveries did not drain in ${timeoutMs} ms: ${m.settledDone - base.settledDone} of ${count} done (retries ${m.settledRetry - base.settledRetry}, dead ${m.settledDead - base.settledDead})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * End to end, one event at a time (1 connection): POST one event of `type`, then wait until the server
 * reports what `done` needs (the delivery settled; for a workflow also its run completed). Returns one
 * sample per event with the phases (ms from issuing the POST): answered (202 received here), stored (the
 * append committed, in the server), invoked (the function returned), completed (the run's end journaled),
 * settled (the delivery's outcome committed).
 */
export async function endToEnd(server, { type, subscription, count, workflow = false }) {
  const target = new URL(server.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const tag = newTag(type);
  const samples = [];
  const failures = [];
  let current;
  await server.watch((m) => {
    if (!current) return;
    if (m.kind === 'stored') current.storedUs ??= m.tUs;
    else if (m.kind === 'invoked') current.invokedUs = m.tUs;
    else if (m.kind === 'completed' && m.eventId === current.id) current.completedUs = m.tUs;
    else if (m.kind === 'settled' && current.seq !== undefined && m.id === `${subscription}|${current.seq}`) {
      current.settledUs = m.tUs;
      current.status = m.status;
    } else if (m.kind === 'settled') current.pendingSettles.push(m);
    current.check();
  });
  try {
    for (let i = 0; i < count; i++) {
      const id = `${tag}-${i}`;
      const body = eventJson(type, id, i);
      const sample = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`event ${id} was not delivered within 10 s: ${JSON.stringify(current)}`)), 10_000);
        current = {
          id,
          pendingSettles: [],
          check() {
            if (this.answered === undefined || this.settledUs === undefined || (workflow && this.completedUs === undefined)) return;
            clearTimeout(timer);
            resolve(this);
          },
        };
        post(agent, target, '/api/v1/events', body).then((r) => {
          current.t0Us = Number(r.t0 / 1000n);
          current.answered = r.ms;
          if (r.status !== 202) failures.push(`status ${r.status}: ${r.text.slice(0, 200)}`);
          const item = JSON.parse(r.text).items?.[0];
          current.seq = item?.seq;
          // A settle reported before the answer arrived (fast delivery): match it now.
          const early = current.pendingSettles.find((m) => m.id === `${subscription}|${current.seq}`);
          if (early) {
            current.settledUs = early.tUs;
            current.status = early.status;
          }
          current.check();
        }, reject);
      });
      if (sample.status !== 'done') failures.push(`event ${id}: delivery ${sample.status}`);
      const rel = (us) => (us === undefined ? undefined : (us - sample.t0Us) / 1000);
      samples.push({ answered: sample.answered, stored: rel(sample.storedUs), invoked: rel(sample.invokedUs), completed: rel(sample.completedUs), settled: rel(sample.settledUs) });
      current = undefined;
    }
  } finally {
    await server.watch(undefined);
    agent.destroy();
  }
  return { samples, failures };
}

/** Percentiles (ms) of one phase over samples. */
export function phase(samples, key) {
  const xs = samples.map((s) => s[key]).filter((x) => x !== undefined).sort((a, b) => a - b);
  if (!xs.length) return undefined;
  return { p50: round3(percentile(xs, 50)), p90: round3(percentile(xs, 90)), p99: round3(percentile(xs, 99)), max: round3(xs[xs.length - 1]), n: xs.length };
}

/**
 * Open loop: batches of `size` events at `eventsPerSec` (evenly spaced, issued from a 1 ms timer) over
 * up to `connections` keep-alive connections, for `seconds`, whatever the answers take. Returns what
 * batchLoad returns.
 */
export async function pacedBatches(url, { type, eventsPerSec, seconds, connections, size = 100 }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const tag = newTag(type);
  const amount = Math.round((eventsPerSec * seconds) / size);
  const interval = (1e9 * size) / eventsPerSec;
  const latencies = [];
  const failures = [];
  let errors = 0;
  let sent = 0;
  let last;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await new Promise((resolve) => {
    let pending = 0;
    const finish = () => sent === amount && pending === 0 && resolve();
    const send = (i) => {
      pending++;
      const { body, ids } = batchBody(type, tag, i, size);
      post(agent, target, '/api/v1/events', body).then(
        (r) => {
          last = process.hrtime.bigint();
          latencies.push(r.ms);
          const bad = checkAccepted(r.status, r.text, ids);
          if (bad) failures.push(bad);
          pending--;
          finish();
        },
        (err) => {
          errors++;
          failures.push(String(err));
          pending--;
          finish();
        },
      );
    };
    const tick = () => {
      const now = process.hrtime.bigint();
      while (sent < amount && t0 + BigInt(Math.round(sent * interval)) <= now) send(sent++);
      if (sent < amount) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  const cpu = process.cpuUsage(cpu0);
  const wallS = Number(last - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    answers: latencies.length,
    events: latencies.length * size,
    wallS,
    batchesPerSec: latencies.length / wallS,
    eventsPerSec: (latencies.length * size) / wallS,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    failed: failures.length,
    errors,
    firstFailures: failures.slice(0, 3),
    loadGenCpuUs: cpu.user + cpu.system,
  };
}
