// The server side of the events benchmark (bench/events.bench.js, bench/events-profile.js): `weft dev` as
// startServer starts it (dist/, a fresh SQLite file), in its own process so that the load generator does
// not share its event loop, with probes on the composed app that observe real deliveries without changing
// them (the instances' methods are wrapped; nothing in dist/ is modified):
//   store.events.append   resolved: the events are committed (the bus then wakes the dispatcher)
//   store.deliveries.settle   resolved: a delivery's outcome is committed (done / retried / dead), i.e. the
//                         dispatcher ran the target and recorded it; the delivery id is `<subscription>|<seq>`
//   telemetry.onInvocation  a function invocation returned (compose() calls telemetry.onInvocation(i))
//   telemetry.onLifecycle   workflow.completed: the run's end is journaled (the bench workflow outputs the
//                         event's id, which ties the run to its event)
// Times are process.hrtime (CLOCK_MONOTONIC, shared with the parent process), in µs.
// Spawned with an IPC channel:  node [flags] bench/events-server.js <db file>
//   → { type: 'ready', url }
//   { type: 'mark' }        → { type: 'mark', cpuUs, systemUs, commits, hrtimeUs, rssMB, counters… }
//   { type: 'watch', on }   → while on, one { type: 'seen', … } per append, settle, invocation and completed run
//   { type: 'track', on }   → on: record each delivery's stored → settled lag; off: { type: 'track', lagsUs }
//   { type: 'pending' }     → { type: 'pending', oldestPending } (received_at of the oldest pending delivery, or null)
//   { type: 'stop' }        → graceful stop, { type: 'stopped' }, exit 0 (so --cpu-prof writes its profile).
import { startServer } from '../dist/cli/server-command.js';
import { serveOverIpc } from './server-child.js';

const [db] = process.argv.slice(2);
if (!db) throw new Error('usage: node bench/events-server.js <db file>');
if (!process.send) throw new Error('bench/events-server.js needs an IPC channel (spawn it with stdio ipc)');

const io = { out: (line) => process.stderr.write(line + '\n'), err: (line) => process.stderr.write(line + '\n') };
const server = await startServer({ mode: 'dev', port: 0, db, watch: false }, io);

const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const counters = { appends: 0, eventsStored: 0, settledDone: 0, settledRetry: 0, settledDead: 0, invocationsOk: 0, invocationsFailed: 0, invocationsThrottled: 0, runsCompleted: 0, runsFaulted: 0, lastSettleUs: 0 };
let watching = false;
/** While tracking: when each stored seq committed, and the stored → settled lag (µs) of each delivery done. */
let tracking = false;
const storedAt = new Map();
let lags = [];

const log = server.app.store.events;
const append = log.append.bind(log);
log.append = async (events, at, route) => {
  const res = await append(events, at, route);
  counters.appends++;
  counters.eventsStored += res.filter((r) => !r.duplicate).length;
  if (tracking) {
    const t = nowUs();
    for (const r of res) if (!r.duplicate) storedAt.set(r.seq, t);
  }
  if (watching) process.send({ type: 'seen', kind: 'stored', seqs: res.map((r) => r.seq), tUs: nowUs() });
  return res;
};
const queue = server.app.store.deliveries;
const settle = queue.settle.bind(queue);
queue.settle = async (id, outcome, at) => {
  await settle(id, outcome, at);
  const t = nowUs();
  counters.lastSettleUs = t;
  if (outcome.status === 'done') {
    counters.settledDone++;
    if (tracking) {
      const seq = Number(id.slice(id.lastIndexOf('|') + 1));
      const s = storedAt.get(seq);
      if (s !== undefined) {
        lags.push(t - s);
        storedAt.delete(seq);
      }
    }
  }
  else if (outcome.status === 'pending') counters.settledRetry++;
  else counters.settledDead++;
  if (watching) process.send({ type: 'seen', kind: 'settled', id, status: outcome.status, tUs: t });
};

const telemetry = server.telemetry;
const onInvocation = telemetry.onInvocation.bind(telemetry);
telemetry.onInvocation = (info) => {
  if (info.outcome === 'ok') counters.invocationsOk++;
  else {
    counters.invocationsFailed++;
    if (info.outcome === 'throttled') counters.invocationsThrottled++;
  }
  if (watching) process.send({ type: 'seen', kind: 'invoked', name: info.name, outcome: info.outcome, tUs: nowUs() });
  onInvocation(info);
};
const onLifecycle = telemetry.onLifecycle.bind(telemetry);
telemetry.onLifecycle = (e) => {
  if (e.type === 'io.serverlessworkflow.workflow.completed.v1') {
    counters.runsCompleted++;
    if (watching) process.send({ type: 'seen', kind: 'completed', eventId: e.data?.output?.id, run: e.data?.run, tUs: nowUs() });
  } else if (e.type === 'io.serverlessworkflow.workflow.faulted.v1') counters.runsFaulted++;
  onLifecycle(e);
};

const mark = () => {
  const cpu = process.cpuUsage();
  return {
    type: 'mark',
    cpuUs: cpu.user + cpu.system,
    systemUs: cpu.system,
    commits: server.app.store.commits,
    hrtimeUs: nowUs(),
    rssMB: Number((process.memoryUsage().rss / 1048576).toFixed(1)),
    ...counters,
  };
};

serveOverIpc(server, {
  mark,
  watch: (m) => {
    watching = !!m.on;
    return { type: 'watching', on: watching };
  },
  // on: start recording lags (afresh); off: stop, and answer with the lags recorded (µs, ascending).
  track: (m) => {
    tracking = !!m.on;
    const recorded = lags.sort((a, b) => a - b);
    lags = [];
    storedAt.clear();
    return { type: 'track', lagsUs: m.on ? [] : recorded };
  },
  pending: () => {
    server.app.store.deliveries.oldestPending().then(
      (oldest) => process.send({ type: 'pending', oldestPending: oldest ?? null }),
      (err) => process.send({ type: 'pending', error: String(err) }),
    );
  },
});
