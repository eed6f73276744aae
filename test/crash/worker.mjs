/**
 * Crash-test worker: the engine, composed exactly as `weft` composes it (SQLite file, system clock,
 * fetch HTTP client), running on the BUILT code in dist/ — so that the test process can SIGKILL it at
 * any instant, as a real crash would. Driven by test/crash.test.ts; speaks one JSON object per stdout line.
 *
 *   node worker.mjs <db> start <count> <baseUrl>  starts <count> runs of STEPS (input n = 0..count-1)
 *   node worker.mjs <db> start-wait <baseUrl>     starts one run of SLEEPER (an HTTP call, wait PT2S, an HTTP call)
 *   node worker.mjs <db> recover [timeoutMs]      recovers every unfinished run, waits for all of them,
 *                                                 prints a summary of every run in the store, exits 0
 *                                                 (exits 3 with a `stuck` report when runs do not finish)
 */
import { compose } from '../../dist/cli/compose.js';

/** POSTs `{ run, n, step, acc }` to `<base>/step/<step>`; the server answers `{ n, step, acc: acc + [n*100+step] }`. */
const stepCall = (step) => ({
  call: 'http',
  with: {
    method: 'post',
    endpoint: `\${ $workflow.input.base + "/step/${step}" }`,
    body: { run: '${ $workflow.id }', n: '${ .n }', step, acc: '${ .acc }' },
  },
});

/** Four sequential HTTP effects with `set` tasks and a short durable timer between them. */
export const STEPS = {
  document: { dsl: '1.0.0', namespace: 'crash', name: 'steps', version: '1.0.0' },
  do: [
    { init: { set: { n: '${ .n }', acc: [] } } },
    { step1: stepCall(1) },
    { tally1: { set: { n: '${ .n }', acc: '${ .acc }', last: '${ .acc[-1] }' } } },
    { step2: stepCall(2) },
    { pause: { wait: 'PT0.05S' } },
    { step3: stepCall(3) },
    { tally3: { set: { n: '${ .n }', acc: '${ .acc }', last: '${ .acc[-1] }' } } },
    { step4: stepCall(4) },
    { finish: { set: { run: '${ $workflow.id }', n: '${ .n }', acc: '${ .acc }', total: '${ .acc | add }' } } },
  ],
};

const waitCall = (name) => ({
  call: 'http',
  with: { method: 'post', endpoint: `\${ $workflow.input.base + "/wait/${name}" }`, body: { run: '${ $workflow.id }', at: name } },
});

/** A durable two-second timer between two HTTP effects. */
export const SLEEPER = {
  document: { dsl: '1.0.0', namespace: 'crash', name: 'sleeper', version: '1.0.0' },
  do: [
    { before: waitCall('before') },
    { sleep: { wait: 'PT2S' } },
    { after: waitCall('after') },
    { done: { set: { run: '${ $workflow.id }', last: '${ .at }', slept: true } } },
  ],
};

const say = (event, data = {}) => process.stdout.write(`${JSON.stringify({ event, at: Date.now(), ...data })}\n`);
const fail = (err) => {
  process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(2);
};
process.on('unhandledRejection', fail);
process.on('uncaughtException', fail);

const UNFINISHED = ['pending', 'running', 'waiting'];

async function start(app, count, base) {
  const ids = await Promise.all(Array.from({ length: count }, (_, n) => app.engine.start(STEPS, { n, base })));
  say('started', { count: ids.length });
  let done = 0;
  await Promise.all(
    ids.map(async (id) => {
      const r = await app.engine.result(id);
      say('finished', { id, status: r.status, done: ++done });
    }),
  );
  say('all-finished', { count: done });
}

async function startWait(app, base) {
  const id = await app.engine.start(SLEEPER, { base });
  say('started', { id });
  const r = await app.engine.result(id);
  say('finished', { id, status: r.status });
}

async function recover(app, timeoutMs) {
  const unfinished = await app.store.listRuns({ status: UNFINISHED });
  say('recovering', { unfinished: unfinished.length });
  const count = await app.engine.recover();
  say('recovered', { count, active: app.engine.activeRuns });
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs, 'timeout')));
  const all = Promise.all(unfinished.map((r) => app.engine.result(r.id)));
  if ((await Promise.race([all, timeout])) === 'timeout') {
    const stuck = await app.store.listRuns({ status: UNFINISHED });
    const report = [];
    for (const r of stuck) report.push({ id: r.id, status: r.status, input: r.input, journal: await app.store.journal(r.id) });
    say('stuck', { runs: report, active: app.engine.activeRuns });
    process.exit(3);
  }
  clearTimeout(timer);
  const runs = await app.store.listRuns();
  say('summary', {
    runs: runs.map((r) => ({ id: r.id, name: r.name, status: r.status, input: r.input, output: r.output, error: r.error, createdAt: r.createdAt, endedAt: r.endedAt })),
  });
}

const [db, mode, ...args] = process.argv.slice(2);
if (!db || !mode) fail(new Error('usage: worker.mjs <db> start <count> <baseUrl> | start-wait <baseUrl> | recover [timeoutMs]'));
const app = compose({ db, egress: 'open' });
say('ready', { pid: process.pid, mode });
if (mode === 'start') await start(app, Number(args[0]), args[1]);
else if (mode === 'start-wait') await startWait(app, args[0]);
else if (mode === 'recover') await recover(app, Number(args[0] ?? 30_000));
else fail(new Error(`unknown mode ${mode}`));
await app.close();
