// Summarizes a Linux `perf record -g` of the Weft server (bench/http-profile.js --perf; node started with
// --perf-basic-prof so compiled JS frames have names). Unlike V8's sampling profiler, perf's timer
// samples do not favour native calls, and they see the kernel and every thread. Caveat: the perf map is
// append-only, so a JS frame whose code address was reused can carry a stale name; interpreted frames
// (Ignition's trampoline) are unnamed and skipped, so the module is that of the nearest compiled frame.
//   node bench/http-perf-summary.js <perf.data> <server pid> [requests]
// Each sample goes to the module of its nearest JS frame (http-profile-summary.js's moduleOf), except
// GC work (any v8 heap/GC frame), which is GC wherever it happens. A second table says what the leaf is
// (kernel, JS code, V8 builtins/runtime, SQLite, isolated-vm, malloc, OpenSSL, node C++).
import { execFileSync } from 'node:child_process';
import { moduleOf } from './http-profile-summary.js';

const JS_FRAME = /^(?:JS|LazyCompile|Function):[*~^+]?(\S*) (.*?):(\d+):(\d+)$/;
const GC_FRAME = /v8::internal::(Heap::|Scavenger|ScavengerCollector|MarkCompact|ConcurrentMarking|MinorMarkCompact|IncrementalMarking|Sweeper|ArrayBufferSweeper|MemoryAllocator|GCTracer)|v8::internal::.*(Marking|Evacuat)/;

function leafKind(sym, dso) {
  if (dso.includes('kernel') || sym.startsWith('[k]')) return 'kernel (syscalls: TCP loopback, fsync, futex, …)';
  if (JS_FRAME.test(sym)) return 'JS code (JIT/baseline/interpreted)';
  if (dso.includes('better_sqlite3')) return 'SQLite (better_sqlite3.node)';
  if (dso.includes('isolated_vm') || dso.includes('isolated-vm')) return 'isolated-vm (native)';
  if (/^(_int_malloc|malloc|_int_free|cfree|free|malloc_consolidate|unlink_chunk|__libc_malloc|__libc_free|realloc|_int_realloc|calloc|tcache)/.test(sym)) return 'malloc/free (libc)';
  if (/libc\.so|libpthread|ld-linux|vdso/.test(dso)) return 'libc (memcpy, locks, clock, …)';
  if (GC_FRAME.test(sym)) return 'V8 GC';
  if (/^(Builtins_|v8::|Builtin:)/.test(sym)) return 'V8 builtins/runtime (ICs, JSON, promises, strings)';
  if (/^(RAND_|CRYPTO_|EVP_|ossl_|sha\d|SHA\d|OPENSSL_|aesni|ChaCha|drbg|rand_)/i.test(sym)) return 'OpenSSL (random bytes, hashes)';
  if (/^(node::|uv_|uv__|llhttp)/.test(sym)) return 'node C++ / libuv / llhttp';
  return `other native (${dso.replace(/^.*\//, '')})`;
}

export function perfSummary(file, pid, requests) {
  const text = execFileSync('perf', ['script', '-i', file, '-F', 'tid,period,ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  const byModule = new Map();
  const byLeaf = new Map();
  const byThread = new Map();
  const leafSyms = new Map();
  let total = 0;
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n').filter((l) => l.trim());
    if (!lines.length) continue;
    const head = /^\s*(\d+)\s+(\d+)/.exec(lines[0]);
    if (!head) continue;
    const tid = Number(head[1]);
    const period = Number(head[2]);
    const frames = lines.slice(1).map((l) => {
      const m = /^\s*[0-9a-f]+\s+(.*)\s+\((.*)\)\s*$/.exec(l);
      return m ? { sym: m[1], dso: m[2] } : { sym: l.trim(), dso: '' };
    });
    if (!frames.length) continue;
    total += period;
    const thread = tid === pid ? 'main thread' : 'other threads (GC helpers, libuv pool, isolated-vm, …)';
    byThread.set(thread, (byThread.get(thread) ?? 0) + period);
    const leaf = frames[0];
    const kind = leafKind(leaf.sym, leaf.dso);
    byLeaf.set(kind, (byLeaf.get(kind) ?? 0) + period);
    const leafKey = `${leaf.sym.replace(/^JS:/, '').slice(0, 110)}  [${kind.split(' ')[0]}]`;
    leafSyms.set(leafKey, (leafSyms.get(leafKey) ?? 0) + period);
    let area;
    if (frames.some((f) => GC_FRAME.test(f.sym))) area = 'GC';
    else {
      for (const f of frames) {
        const m = JS_FRAME.exec(f.sym);
        if (!m || /^(?:JS|LazyCompile|Function):~/.test(f.sym)) continue;
        const a = moduleOf({ url: m[2].startsWith('/') ? 'file://' + m[2] : m[2], functionName: m[1], scriptId: '1' });
        if (a) {
          area = a;
          break;
        }
      }
      area ??= tid === pid ? `no JS frame: ${kind}` : 'no JS frame (other threads)';
    }
    byModule.set(area, (byModule.get(area) ?? 0) + period);
  }
  const sorted = (m) => [...m].sort((x, y) => y[1] - x[1]);
  return { totalNs: total, requests, byThread: sorted(byThread), byModule: sorted(byModule), byLeaf: sorted(byLeaf), leaves: sorted(leafSyms).slice(0, 30) };
}

export function formatPerf(s) {
  const pct = (ns) => ((100 * ns) / s.totalNs).toFixed(1).padStart(5) + '%';
  const per = (ns) => (s.requests ? (ns / 1000 / s.requests).toFixed(1).padStart(7) + ' µs/req' : '');
  const out = [`perf: ${(s.totalNs / 1e9).toFixed(2)} s of CPU sampled${s.requests ? `, ${s.requests} requests: ${(s.totalNs / 1000 / s.requests).toFixed(1)} µs per request` : ''}`, '', 'by thread:'];
  for (const [k, ns] of s.byThread) out.push(`${pct(ns)} ${per(ns)}  ${k}`);
  out.push('', 'by module of the nearest JS frame (GC separately):');
  for (const [k, ns] of s.byModule) out.push(`${pct(ns)} ${per(ns)}  ${k}`);
  out.push('', 'by what the sampled instruction is:');
  for (const [k, ns] of s.byLeaf) out.push(`${pct(ns)} ${per(ns)}  ${k}`);
  out.push('', 'top leaf symbols:');
  for (const [k, ns] of s.leaves) out.push(`${pct(ns)}  ${k}`);
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, pid, requests] = process.argv.slice(2);
  if (!file || !pid) throw new Error('usage: node bench/http-perf-summary.js <perf.data> <server pid> [requests]');
  console.log(formatPerf(perfSummary(file, Number(pid), requests ? Number(requests) : undefined)));
}
