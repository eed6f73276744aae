// Memory per warm instance: RSS before and after creating N warm instances (created, then invoked once)
// of one echo version with the inline isolate runtime, each after a forced GC, plus the isolates' own
// heap statistics; and, for scale, the same for N bare isolated-vm isolates with one empty context.
// Needs --expose-gc; functions.bench.js spawns it as `node --expose-gc [flags] bench/functions-memory.js [n]`
// and reads one JSON line from stdout.
import ivm from 'isolated-vm';
import { createIsolateRuntime } from '../dist/functions/runtime/isolate-runtime.js';
import { ECHO_SRC, deploy, durable, minimalHost, round1, round3 } from './functions-common.js';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const N = Number(process.argv[2] ?? 50);
const MB = 1024 * 1024;

async function settle() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setImmediate(r));
  }
}
const rss = () => process.memoryUsage().rss;

const d = durable();
const echo = await deploy(d.store, 'echo', ECHO_SRC);
await d.dispose();
const runtime = createIsolateRuntime({ mode: 'inline' });
const host = minimalHost();
const input = { id: 'order-42', amount: 12.5 };

// Warm-up: load isolated-vm's and V8's shared pieces once, so the delta is the instances' own cost.
for (let i = 0; i < 3; i++) {
  const inst = await runtime.create(echo);
  await inst.invoke(input, host);
  inst.dispose();
}
await settle();
const before = rss();
const instances = [];
for (let i = 0; i < N; i++) {
  const inst = await runtime.create(echo);
  await inst.invoke(input, host);
  instances.push(inst);
}
await settle();
const after = rss();
const heapBytes = instances.map((i) => i.memoryBytes);
for (const inst of instances) inst.dispose();
await settle();
const afterDispose = rss();

// Bare isolates with one context, for scale ("a bare isolate costs ~1 MB").
const bareBefore = rss();
const bare = [];
for (let i = 0; i < N; i++) {
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = isolate.createContextSync();
  bare.push({ isolate, context });
}
await settle();
const bareAfter = rss();
const bareHeap = bare.map(({ isolate }) => isolate.getHeapStatisticsSync());
for (const { isolate } of bare) isolate.dispose();

const avg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
process.stdout.write(
  JSON.stringify({
    instances: N,
    rssBeforeMB: round1(before / MB),
    rssAfterMB: round1(after / MB),
    rssAfterDisposeMB: round1(afterDispose / MB),
    rssPerInstanceMB: round3((after - before) / N / MB),
    // Instance.memoryBytes: the isolate's used heap + externally allocated memory.
    heapUsedPerInstanceMB: round3(avg(heapBytes) / MB),
    bareIsolate: {
      rssPerIsolateMB: round3((bareAfter - bareBefore) / N / MB),
      heapUsedPerIsolateMB: round3(avg(bareHeap.map((h) => h.used_heap_size)) / MB),
      heapTotalPerIsolateMB: round3(avg(bareHeap.map((h) => h.total_heap_size)) / MB),
    },
  }) + '\n',
);
