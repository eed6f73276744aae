// The server side of the HTTP benchmark (bench/http.bench.js, bench/http-profile.js): a Weft server as
// `weft dev` or `weft serve` starts it (startServer from dist/, SQLite file given), in its own process so
// the load generator does not share its event loop. Spawned with an IPC channel:
//   node [flags] bench/http-server.js <dev|serve> <db file>
// It sends { type: 'ready', url } once listening, then answers
//   { type: 'mark' }  → { type: 'mark', cpuUs, systemUs, commits, hrtimeUs, rssMB }  (CPU time user+system,
//                       the store's commit counter, the monotonic clock in µs as V8 profiles use it)
//   { type: 'stop' }  → graceful stop (server.stop()), { type: 'stopped' }, exit 0 (so --cpu-prof writes).
// The environment (WEFT_ADMIN_KEY, WEFT_RATE_LIMITS, WEFT_LOG_LEVEL, …) is the parent's choice.
import { startServer } from '../dist/cli/server-command.js';
import { serveOverIpc } from './server-child.js';

const [mode, db] = process.argv.slice(2);
if ((mode !== 'dev' && mode !== 'serve') || !db) throw new Error('usage: node bench/http-server.js <dev|serve> <db file>');
if (!process.send) throw new Error('bench/http-server.js needs an IPC channel (spawn it with stdio ipc)');

const io = { out: (line) => process.stderr.write(line + '\n'), err: (line) => process.stderr.write(line + '\n') };
const server = await startServer({ mode, port: 0, db, watch: false }, io);

const mark = () => {
  const cpu = process.cpuUsage();
  return {
    type: 'mark',
    cpuUs: cpu.user + cpu.system,
    systemUs: cpu.system,
    commits: server.app.store.commits,
    hrtimeUs: Number(process.hrtime.bigint() / 1000n),
    rssMB: Number((process.memoryUsage().rss / 1048576).toFixed(1)),
  };
};

serveOverIpc(server, { mark });
