// Shared by the HTTP benchmark (http.bench.js) and its profiler (http-profile.js): a Weft server in a
// child process (http-server.js) on a fresh SQLite file, the benchmark's functions and workflow deployed
// through the HTTP API, and load rounds with autocannon's programmatic API in this process.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { FIBO_10, FIBO_SRC, W3F, median, percentile, round3 } from './functions-common.js';
import { forkServer } from './server-process.js';

export { median, percentile, round3 };
const here = dirname(fileURLToPath(import.meta.url));

/** As the brief's `echo`: an async identity function. */
export const ECHO_JS = 'export default async (i) => i';
/** The small JSON body of the echo calls (what the answer must be, byte for byte). */
export const ECHO_BODY = JSON.stringify({ id: 'order-42', amount: 12.5, tags: ['a', 'b'] });

/** An API key in the `wk_<12 hex>_<43 base64url>` form (fast hash: what `weft keys create` issues). */
export const newAdminKey = () => `wk_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`;

/** Rate limits high enough never to trigger in the benchmark (requests per minute per key and group). */
export const NO_RATE_LIMITS = 'read=1000000000,write=1000000000,run=1000000000,invoke=1000000000,admin=1000000000';

/**
 * Starts `weft <mode>` (startServer) in a child process on a new SQLite file under os.tmpdir().
 * `flags`: node flags for the child (e.g. --cpu-prof); `env`: added to this process's environment; `cwd`:
 * the child's working directory (where V8 writes its logs under --perf-basic-prof).
 * Resolves with { url, mark(), stop() } once it listens; stop() stops it gracefully and deletes the file.
 */
export async function startServerProcess(mode, options = {}) {
  const server = await forkServer(join(here, 'http-server.js'), [mode], options);
  return {
    url: server.url,
    pid: server.pid,
    output: server.output,
    /** The server's CPU time (µs), store commits, monotonic clock (µs) and RSS, now. */
    async mark() {
      const m = server.next('mark');
      server.child.send({ type: 'mark' });
      return m;
    },
    stop: server.stop,
  };
}

/** One HTTP request with fetch; throws unless the status is one of `ok`. Returns the parsed body. */
export async function call(url, method, path, body, { headers = {}, ok = [200, 201] } = {}) {
  const res = await fetch(url + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!ok.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Deploys `echo` and `fibo` (maxConcurrency 64) and registers W3F (bench/w3f) through the HTTP API,
 * then checks one call of each.
 */
export async function provision(url, headers = {}) {
  await call(url, 'PUT', '/api/v1/functions/echo', { source: ECHO_JS, manifest: { version: '1.0.0' } }, { headers });
  await call(url, 'PUT', '/api/v1/functions/fibo', { source: FIBO_SRC, manifest: { version: '1.0.0', maxConcurrency: 64 } }, { headers });
  await call(url, 'PUT', '/api/v1/workflows', W3F, { headers });
  const echoed = await call(url, 'POST', '/fn/echo', ECHO_BODY, { headers, ok: [200] });
  if (JSON.stringify(echoed) !== ECHO_BODY) throw new Error(`echo answered ${JSON.stringify(echoed)}`);
  const run = await call(url, 'POST', '/api/v1/workflows/bench/w3f/runs', {}, { headers: { ...headers, prefer: 'wait=5' }, ok: [200] });
  checkW3fRun(run);
}

/** A W3F run as the API answers it with Prefer: wait: completed, with fibo(10) as the output. */
export function checkW3fRun(run) {
  if (run?.status !== 'completed' || run.output?.value !== FIBO_10) throw new Error(`W3F run not completed as expected: ${JSON.stringify(run)}`);
}

/** The load cases: what autocannon sends, and how answers are checked. */
export const CASES = {
  healthz: () => ({ method: 'GET', path: '/healthz', expectBody: '{"status":"ok"}' }),
  echo: (headers = {}) => ({ method: 'POST', path: '/fn/echo', body: ECHO_BODY, headers: { 'content-type': 'application/json', ...headers }, expectBody: ECHO_BODY }),
  w3f: (headers = {}) => ({
    method: 'POST',
    path: '/api/v1/workflows/bench/w3f/runs',
    body: '{}',
    headers: { 'content-type': 'application/json', prefer: 'wait=5', ...headers },
    verify: (body) => {
      const run = JSON.parse(body);
      return run.status === 'completed' && run.output?.value === FIBO_10;
    },
  }),
};

/**
 * One load round with autocannon against `url` + the case's path, `connections` keep-alive
 * connections, either for `seconds` or until `amount` answers. Latencies are recorded per answer from
 * autocannon's `response` events (µs resolution; autocannon's own histogram has 1 ms buckets).
 * Returns the answers, the time from start to last answer, answers per second, latency percentiles (ms), the failures (non-2xx,
 * socket errors, timeouts, bodies that did not check out) and this process's CPU time (µs).
 */
export async function load(url, c, { connections, seconds, amount }) {
  const latencies = [];
  let checked = 0;
  const verify = c.verify;
  const opts = {
    url: url + c.path,
    connections,
    pipelining: 1,
    timeout: 10,
    // autocannon notices that a run is over only at its next sample tick (default every 1,000 ms, which
    // would round every round's length up to whole seconds); rates below use the last answer's time anyway.
    sampleInt: 10,
    ...(amount ? { amount } : { duration: seconds }),
    method: c.method,
    headers: c.headers ?? {},
    ...(c.body !== undefined ? { body: c.body } : {}),
    ...(c.expectBody ? { expectBody: c.expectBody } : {}),
    ...(verify
      ? {
          // Every answer's body goes through this; false (or a throw) counts as a mismatch.
          verifyBody: (body) => {
            checked++;
            try {
              return verify(body);
            } catch {
              return false;
            }
          },
        }
      : {}),
  };
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let last = t0;
  const instance = autocannon(opts);
  instance.on('response', (_client, _status, _bytes, ms) => {
    latencies.push(ms);
    last = process.hrtime.bigint();
  });
  const r = await instance;
  // From the start to the last answer (what autocannon's own `duration` rounds to its sample ticks).
  const wallS = Number(last - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const answers = latencies.length;
  const codes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]));
  const non200 = Object.entries(codes).reduce((n, [k, v]) => n + (k === '200' ? 0 : v), 0);
  return {
    answers,
    wallS,
    perSec: answers / wallS,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    meanMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, answers),
    // Failures: any of these makes the benchmark fail.
    non2xx: r.non2xx,
    non200,
    errors: r.errors,
    timeouts: r.timeouts,
    mismatches: r.mismatches,
    checked: verify ? checked : r.mismatches === 0 ? answers : answers - r.mismatches,
    codes,
    loadGenCpuUs: cpu.user + cpu.system,
  };
}

/** The failures of a load() result, summed into `into`. */
export function addFailures(into, r) {
  for (const k of ['non2xx', 'non200', 'errors', 'timeouts', 'mismatches']) into[k] = (into[k] ?? 0) + r[k];
  for (const [code, n] of Object.entries(r.codes)) if (code !== '200') (into.codes ??= {})[code] = (into.codes[code] ?? 0) + n;
  return into;
}

/**
 * Open loop: `amount` requests at `rate` per second (evenly spaced, issued from a 1 ms timer) over up
 * to `connections` keep-alive connections (node:http), whatever the answers take; autocannon's own
 * rate limit sends each connection's share in a burst at the start of every second instead. Latency
 * is from issuing a request (waiting for a free connection counts) to its answer's end; `lagP99Ms` is
 * how late the timer issued requests (the generator's own jitter, not counted in the latency).
 * Returns what load() returns (loadGenCpuUs included).
 */
export async function paced(url, c, { rate, amount, connections }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url + c.path);
  const body = c.body !== undefined ? Buffer.from(c.body) : undefined;
  const headers = { ...(c.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) };
  const latencies = [];
  const lags = [];
  const codes = {};
  let errors = 0;
  let mismatches = 0;
  let checked = 0;
  let sent = 0;
  let last;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const interval = 1e9 / rate;
  await new Promise((resolve) => {
    let pending = 0;
    const finish = () => {
      if (sent === amount && pending === 0) resolve();
    };
    const send = (due) => {
      pending++;
      const issued = process.hrtime.bigint();
      lags.push(Number(issued - due) / 1e6);
      const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: c.method, headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => {
          last = process.hrtime.bigint();
          latencies.push(Number(last - issued) / 1e6);
          codes[res.statusCode] = (codes[res.statusCode] ?? 0) + 1;
          const text = Buffer.concat(chunks).toString('utf8');
          checked++;
          try {
            if (c.verify ? !c.verify(text) : c.expectBody !== undefined && text !== c.expectBody) mismatches++;
          } catch {
            mismatches++;
          }
          pending--;
          finish();
        });
      });
      req.on('error', () => {
        errors++;
        pending--;
        finish();
      });
      req.end(body);
    };
    const tick = () => {
      const now = process.hrtime.bigint();
      while (sent < amount && t0 + BigInt(Math.round(sent * interval)) <= now) send(t0 + BigInt(Math.round(sent++ * interval)));
      if (sent < amount) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  const cpu = process.cpuUsage(cpu0);
  const wallS = Number(last - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  const non200 = Object.entries(codes).reduce((n, [k, v]) => n + (k === '200' ? 0 : v), 0);
  return {
    answers: latencies.length,
    wallS,
    perSec: latencies.length / wallS,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    meanMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    non2xx: Object.entries(codes).reduce((n, [k, v]) => n + (k >= '200' && k < '300' ? 0 : v), 0),
    non200,
    errors,
    timeouts: 0,
    mismatches,
    checked,
    codes,
    loadGenCpuUs: cpu.user + cpu.system,
    lagP99Ms: percentile(lags.sort((a, b) => a - b), 99),
  };
}
