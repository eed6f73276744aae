// Summarizes a V8 .cpuprofile of the Weft server (from bench/http-profile.js, or any `node --cpu-prof`
// of a server process): self time by module (fastify, ajv/serialization, our gateway, engine, store,
// isolate runtime, pino/telemetry, node's HTTP stack, GC, …), the top functions by self time, and the
// inclusive time of our own (dist/) functions.
//   node bench/http-profile-summary.js <file.cpuprofile> [--from <µs> --to <µs>] [--top N]
// --from/--to keep only samples in that window of the monotonic clock (µs; process.hrtime / 1000, which
// is the clock V8 profiles use), so start-up and deployment are left out.
import { readFileSync } from 'node:fs';

/** The module a frame belongs to, by script URL; null for V8 builtins/natives (attributed to the caller). */
export function moduleOf(cf) {
  const url = cf.url ?? '';
  const fn = cf.functionName;
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'V8/native (program)';
  if (fn === '(root)') return 'root';
  if (!url) return cf.scriptId && cf.scriptId !== '0' ? 'generated code (ajv validators, fast-json-stringify serializers)' : null;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg) {
    if (pkg === '@fastify/rate-limit' || pkg === 'toad-cache') return 'fastify rate-limit';
    if (/^(ajv|ajv-formats|fast-json-stringify|fast-uri|fast-deep-equal|json-schema-traverse|json-schema-ref-resolver|@fastify\/ajv-compiler|@fastify\/fast-json-stringify-compiler|@fastify\/merge-json-schemas|rfdc)$/.test(pkg)) return 'ajv / serialization';
    if (/^(fastify|find-my-way|avvio|light-my-request|fastify-plugin|@fastify\/.*|secure-json-parse|process-warning|abstract-logging|fast-querystring|safe-regex2|ret|fast-decode-uri-component|content-type|proxy-addr|forwarded|ipaddr\.js|@fastify\/error)$/.test(pkg)) return 'fastify (core, router, hooks, body parsing)';
    if (/^(pino|pino-std-serializers|sonic-boom|thread-stream|fast-redact|on-exit-leak-free|quick-format-unescaped|atomic-sleep|safe-stable-stringify|prom-client|tdigest|bintrees|@opentelemetry\/.*)$/.test(pkg)) return 'pino / telemetry';
    if (pkg === 'better-sqlite3') return 'store (dist/store, better-sqlite3)';
    if (pkg === 'isolated-vm') return 'isolate runtime (dist/functions/runtime, isolated-vm)';
    return `other package: ${pkg}`;
  }
  if (/\/dist\/gateway\//.test(url)) return 'gateway (dist/gateway)';
  if (/\/dist\/platform\//.test(url)) return 'platform façade (dist/platform)';
  if (/\/dist\/engine\//.test(url)) return 'engine (dist/engine)';
  if (/\/dist\/expr\//.test(url)) return 'jq (dist/expr)';
  if (/\/dist\/store\//.test(url)) return 'store (dist/store, better-sqlite3)';
  if (/\/dist\/functions\/runtime\//.test(url)) return 'isolate runtime (dist/functions/runtime, isolated-vm)';
  if (/\/dist\/functions\//.test(url)) return 'functions (invoker, pool, catalog)';
  if (/\/dist\/telemetry\//.test(url)) return 'pino / telemetry';
  if (/\/dist\/security\//.test(url)) return 'security (auth, keys)';
  if (/\/dist\/cli\//.test(url)) return 'cli (compose, ids, clock)';
  if (/\/bench\//.test(url)) return 'bench harness';
  if (/^node:(internal\/(http|stream|streams|net|dns|js_stream|child_process|socket)|_http_|net|stream|internal\/.*stream)/.test(url)) return 'node http / net / streams';
  if (/^node:internal\/(process\/task_queues|timers)|^node:timers/.test(url)) return 'node event loop (microtasks, timers)';
  if (url.startsWith('node:')) return 'node internals (other)';
  return `other: ${url}`;
}

export function summarize(profile, { from = -Infinity, to = Infinity, top = 30 } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Self time per node within the window: sample i happens at startTime + Σ timeDeltas[0..i].
  const selfUs = new Map();
  let t = profile.startTime;
  let windowUs = 0;
  profile.samples.forEach((id, i) => {
    const prev = t;
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t > to) return;
    // The part of the interval before this sample that lies in the window (the first one may start earlier).
    const dt = t - Math.max(prev, from);
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    windowUs += dt;
  });
  const moduleCache = new Map();
  /** The node's own module, else (natives) the nearest caller's. */
  const areaOf = (id) => {
    if (moduleCache.has(id)) return moduleCache.get(id);
    let cur = id;
    let m = null;
    while (cur !== undefined && !(m = moduleOf(byId.get(cur).callFrame))) cur = parent.get(cur);
    const a = m ?? 'native (no JS caller)';
    moduleCache.set(id, a);
    return a;
  };
  const areas = new Map();
  const fns = new Map();
  const inclusive = new Map();
  for (const [id, us] of selfUs) {
    const a = areaOf(id);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const cf = byId.get(id).callFrame;
    const isNative = !cf.url && (!cf.scriptId || cf.scriptId === '0') && !cf.functionName.startsWith('(');
    const key = `${cf.functionName || '(anonymous)'}  ${cf.url ? cf.url.replace(/^.*\/(dist|node_modules)\//, '$1/') + ':' + (cf.lineNumber + 1) : isNative ? `[native, in ${a}]` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    // Inclusive time of our own functions (dist/), each counted once per stack.
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      if (!/\/dist\//.test(f.url ?? '')) continue;
      const k = `${f.functionName || '(anonymous)'}  ${f.url.replace(/^.*\/dist\//, 'dist/')}:${f.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const busy = windowUs - (areas.get('idle') ?? 0);
  const sorted = (m) => [...m].sort((x, y) => y[1] - x[1]);
  return { windowUs, busyUs: busy, samples: [...selfUs.values()].length, areas: sorted(areas), functions: sorted(fns).slice(0, top), inclusive: sorted(inclusive).slice(0, top) };
}

/** Text report: shares are of the busy (non-idle) time. */
export function format(s, { perRequestDivisor } = {}) {
  const pct = (us) => ((100 * us) / s.busyUs).toFixed(1).padStart(5) + '%';
  const ms = (us) => (us / 1000).toFixed(0).padStart(7) + ' ms';
  const perReq = (us) => (perRequestDivisor ? (us / perRequestDivisor).toFixed(1).padStart(7) + ' µs/req' : '');
  const lines = [`window ${(s.windowUs / 1e6).toFixed(2)} s, busy ${(s.busyUs / 1e6).toFixed(2)} s (${((100 * s.busyUs) / s.windowUs).toFixed(0)}%)${perRequestDivisor ? `, ${perRequestDivisor} requests: ${(s.busyUs / perRequestDivisor).toFixed(1)} µs busy per request` : ''}`, '', 'self time by module (share of busy time; natives count in their caller’s module):'];
  for (const [a, us] of s.areas) if (a !== 'idle') lines.push(`${pct(us)} ${ms(us)} ${perReq(us)}  ${a}`);
  lines.push('', `top ${s.functions.length} functions by self time:`);
  for (const [k, us] of s.functions) lines.push(`${pct(us)} ${ms(us)}  ${k}`);
  lines.push('', `top ${s.inclusive.length} of our functions (dist/) by inclusive time:`);
  for (const [k, us] of s.inclusive) lines.push(`${pct(us)} ${ms(us)}  ${k}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  if (!file) throw new Error('usage: node bench/http-profile-summary.js <file.cpuprofile> [--from µs --to µs] [--top N]');
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  console.log(format(summarize(profile, { from: opt('--from') ?? -Infinity, to: opt('--to') ?? Infinity, top: opt('--top') ?? 30 })));
}
