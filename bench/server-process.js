// A benchmark's server child: forks `script` (http-server.js, events-server.js) on a new SQLite file under
// os.tmpdir(), keeps the tail of its output for error messages, and speaks its IPC protocol: `ready` with
// the URL once it listens, request/answer messages by type, `stop` → `stopped` for a graceful stop.
// `flags`: node flags for the child besides --no-node-snapshot (e.g. --cpu-prof); `env`: added to this process's environment; `cwd`:
// the child's working directory (where V8 writes its logs under --perf-basic-prof).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

export async function forkServer(script, args, { env = {}, flags = [], cwd, label = 'server process' } = {}) {
  const dir = mkdtempSync(join(os.tmpdir(), 'weft-bench-'));
  const child = fork(script, [...args, join(dir, 'bench.db')], {
    // Started the way `weft` starts node (src/cli/launch.ts).
    execArgv: ['--no-node-snapshot', ...flags],
    ...(cwd ? { cwd } : {}),
    env: { ...process.env, WEFT_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-8_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => ((exited = true), resolve({ code, signal }))));
  /** The next message of `type` from the child; rejects if it exits first. */
  const next = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (m?.type !== type) return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      exit.then(({ code, signal }) => reject(new Error(`${label} exited (${code ?? signal}) while waiting for '${type}':\n${output}`)));
    });
  const { url } = await next('ready');
  return {
    url,
    child,
    next,
    pid: child.pid,
    output: () => output,
    /** Stops the child gracefully (then deletes its database). */
    async stop() {
      try {
        if (!exited) {
          const stopped = next('stopped').catch(() => {});
          child.send({ type: 'stop' });
          await stopped;
          const { code } = await exit;
          if (code !== 0) throw new Error(`${label} exited with ${code}:\n${output}`);
        }
      } finally {
        if (!exited) child.kill();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
