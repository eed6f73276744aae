/**
 * Process plumbing for the crash test: checks that dist/ is built and current, spawns the worker
 * (worker.mjs, on the built code) and reads its JSON lines, and reads the SQLite file directly — read
 * only, from outside the engine — to see exactly what was durable at the moment of the kill.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WORKER = fileURLToPath(new URL('./worker.mjs', import.meta.url));

/**
 * The worker runs dist/, not src/: fail loudly (never skip) when the build is missing. A build older
 * than some source only warns — an edit saved while the suite runs (after `npm test` built) must not
 * fail it — but the warning says which engine was tested.
 */
export function assertBuilt(): void {
  const entry = join(ROOT, 'dist/cli/compose.js');
  if (!existsSync(entry)) throw new Error(`crash test: ${entry} is missing — run \`npm run build\` first (\`npm test\` does)`);
  const stale: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) {
        const rel = relative(join(ROOT, 'src'), p);
        const out = join(ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
        if (!existsSync(out) || statSync(out).mtimeMs < statSync(p).mtimeMs) stale.push(rel);
      }
    }
  };
  walk(join(ROOT, 'src'));
  if (stale.length) {
    console.warn(`crash test: WARNING dist/ is older than src/ (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}): testing the last build — run \`npm run build\``);
  }
}

export interface WorkerLine {
  event: string;
  at: number;
  [field: string]: unknown;
}

export interface Worker {
  child: ChildProcess;
  lines: WorkerLine[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first line (already seen or future) for `event`; rejects on exit or timeout. */
  waitFor(event: string, timeoutMs: number): Promise<WorkerLine>;
}

const live = new Set<ChildProcess>();

/** Kills (by handle) any worker a failed test left running. */
export function killStragglers(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  live.clear();
}

export function spawnWorker(args: string[], onLine: (line: WorkerLine) => void = () => {}): Worker {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [WORKER, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.on('exit', () => live.delete(child));
  const lines: WorkerLine[] = [];
  const waiters: Array<{ event: string; resolve: (l: WorkerLine) => void }> = [];
  let err = '';
  let buffered = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buffered += d;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      let line: WorkerLine;
      try {
        line = JSON.parse(text) as WorkerLine;
      } catch {
        err += `(unparsed stdout) ${text}\n`;
        continue;
      }
      lines.push(line);
      onLine(line);
      for (const w of waiters.filter((x) => x.event === line.event)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const describe = () => `worker ${args.join(' ')}: stderr:\n${err}\nlast lines: ${JSON.stringify(lines.slice(-3)).slice(0, 4000)}`;
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitFor(event, timeoutMs) {
      const seen = lines.find((l) => l.event === event);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for '${event}' from ${describe()}`)), timeoutMs);
        const done = (l: WorkerLine) => {
          clearTimeout(timer);
          resolve(l);
        };
        waiters.push({ event, resolve: done });
        // 'close' comes after stdout is drained, so every line the worker wrote has been seen by then.
        void closed.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`worker exited (code ${code}, signal ${signal}) before '${event}': ${describe()}`));
        });
      });
    },
  };
}

export interface JournalRow {
  run_id: string;
  seq: number;
  kind: string;
  key: string | null;
  body: string;
}

export interface Snapshot {
  runs: Array<{ id: string; status: string; input: string; created_at: number; ended_at: number | null }>;
  journal: JournalRow[];
  timers: Array<{ run_id: string; key: string; fire_at: number }>;
}

/** Everything committed in the database file right now, read through a separate read-only connection. */
export function snapshot(db: string): Snapshot {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.transaction(() => ({
      runs: conn.prepare('SELECT id, status, input, created_at, ended_at FROM runs').all() as Snapshot['runs'],
      journal: conn.prepare('SELECT run_id, seq, kind, key, body FROM journal ORDER BY run_id, seq').all() as JournalRow[],
      timers: conn.prepare('SELECT run_id, key, fire_at FROM timers').all() as Snapshot['timers'],
    }))();
  } finally {
    conn.close();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The Idempotency-Key the engine sends for a journaled effect key (runner.ts: `${runId}:${key}`). */
export const idempotencyKey = (row: Pick<JournalRow, 'run_id' | 'key'>) => `${row.run_id}:${row.key}`;
