// The server side of the hostile-load benchmark (bench/hostile.bench.js): a Weft server as `weft dev`
// starts it (startServer from dist/, SQLite file given) in its own process, which measures its own
// event-loop delay with perf_hooks.monitorEventLoopDelay (10 ms resolution) and reports it over IPC:
//   node bench/hostile-server.js <dev|serve> <db file>
// It sends { type: 'ready', url } once listening, then answers
//   { type: 'eld-reset' } → { type: 'eld-reset' }  (starts a new measurement window)
//   { type: 'eld' }       → { type: 'eld', p50Ms, p99Ms, maxMs, meanMs, count, rssMB }  (since the last reset)
//   { type: 'mark' }      → { type: 'mark', cpuUs, hrtimeUs, rssMB }
//   { type: 'stop' }      → graceful stop, { type: 'stopped' }, exit 0.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer } from '../dist/cli/server-command.js';
import { serveOverIpc } from './server-child.js';

const [mode, db] = process.argv.slice(2);
if ((mode !== 'dev' && mode !== 'serve') || !db) throw new Error('usage: node bench/hostile-server.js <dev|serve> <db file>');
if (!process.send) throw new Error('bench/hostile-server.js needs an IPC channel (spawn it with stdio ipc)');

// The server logs every function log line at info; the benchmark keeps only warnings (the child's
// stderr is read by the parent, and a logging function would otherwise flood the pipe).
const io = { out: () => {}, err: (line) => process.stderr.write(line.slice(0, 500) + '\n') };
const server = await startServer({ mode, port: 0, db, watch: false }, io);

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const ms = (ns) => Number((ns / 1e6).toFixed(2));

serveOverIpc(server, {
  'eld-reset': () => {
    histogram.reset();
    return { type: 'eld-reset' };
  },
  eld: () => ({
    type: 'eld',
    p50Ms: ms(histogram.percentile(50)),
    p99Ms: ms(histogram.percentile(99)),
    maxMs: ms(histogram.max),
    meanMs: ms(histogram.mean),
    count: histogram.count,
    rssMB: Number((process.memoryUsage().rss / 1048576).toFixed(1)),
  }),
  mark: () => {
    const cpu = process.cpuUsage();
    return { type: 'mark', cpuUs: cpu.user + cpu.system, hrtimeUs: Number(process.hrtime.bigint() / 1000n), rssMB: Number((process.memoryUsage().rss / 1048576).toFixed(1)) };
  },
});
