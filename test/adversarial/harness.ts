/**
 * The adversarial suite's harness: Weft runs as its own process (`bin/weft.js dev|serve`, built code), so
 * that an attack which holds its event loop or kills it cannot take the test runner with it, and a probe
 * from this process measures what every other user of the server would see.
 *
 * `underAttack(server, attack)` pings `/healthz` every 100 ms while `attack()` runs and fails when one
 * answer took longer than 250 ms, when a ping failed, or when the server process died.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { type Answer, type CallOptions, caller, createKey, registerWorkflow, workflowYaml } from '../gateway/support.js';

export const ADMIN_KEY = 'adversarial-admin-key-0123456789abcdefghij';
const BIN = resolve(__dirname, '../../bin/weft.js');

export type { Answer, CallOptions };
export { createKey, registerWorkflow as register, workflowYaml };

export interface WeftProcess {
  url: string;
  mode: 'dev' | 'serve';
  child: ChildProcess;
  db: string;
  /** Everything the process printed (stdout and stderr), line by line. */
  lines: string[];
  call<T = any>(method: string, path: string, o?: CallOptions): Promise<Answer<T>>;
  alive(): boolean;
  /** SIGTERM and wait (SIGKILL after 10 s); removes the temporary folder unless `keep`. */
  stop(keep?: boolean): Promise<void>;
  kill9(): Promise<void>;
}

export interface SpawnOptions {
  mode?: 'dev' | 'serve';
  env?: Record<string, string | undefined>;
  /** Extra CLI arguments (e.g. `--dir`). */
  args?: string[];
  /** Reuse a database (a restart after kill -9). */
  db?: string;
}

/** Starts `weft dev` or `weft serve` on a free port over a temporary SQLite file. */
export async function spawnWeft(o: SpawnOptions = {}): Promise<WeftProcess> {
  const mode = o.mode ?? 'serve';
  const dir = o.db ? undefined : mkdtempSync(join(tmpdir(), 'weft-adversarial-'));
  const db = o.db ?? join(dir!, 'weft.db');
  const env: Record<string, string | undefined> = { ...process.env, WEFT_LOG_LEVEL: 'warn', ...(mode === 'serve' ? { WEFT_ADMIN_KEY: ADMIN_KEY } : {}), ...o.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const child = spawn(process.execPath, [BIN, mode, '--port', '0', '--db', db, ...(o.args ?? [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const url = await new Promise<string>((ok, fail) => {
    let buffered = '';
    const onData = (d: Buffer) => {
      const text = d.toString();
      buffered += text;
      lines.push(...text.split('\n').filter(Boolean));
      const m = /(?:listening on|running on|on) (http:\/\/127\.0\.0\.1:\d+)/.exec(buffered);
      if (m) ok(m[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`weft ${mode} exited ${code}: ${buffered}`)));
  });
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  const defaultKey = mode === 'serve' ? (env.WEFT_ADMIN_KEY ?? null) : null;
  const call = caller(url, defaultKey);
  const end = async (signal: NodeJS.Signals, keep: boolean) => {
    if (!exited) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
    if (!keep && dir) rmSync(dir, { recursive: true, force: true });
  };
  return {
    url,
    mode,
    child,
    db,
    lines,
    call,
    alive: () => !exited,
    stop: (keep = false) => end('SIGTERM', keep),
    kill9: () => end('SIGKILL', true),
  };
}

export interface ProbeReport {
  /** Slowest `/healthz` answer seen while the attack ran, in ms. */
  worstMs: number;
  probes: number;
  failures: string[];
}

/**
 * Runs `attack` while probing `/healthz` every 100 ms; returns the attack's result after asserting that
 * no probe waited more than `boundMs` (default 250), none failed, and the server process is alive.
 */
export async function underAttack<T>(server: WeftProcess, attack: () => Promise<T>, boundMs = 250): Promise<T & {}> {
  const report: ProbeReport = { worstMs: 0, probes: 0, failures: [] };
  let done = false;
  const probing = (async () => {
    while (!done) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
        await res.arrayBuffer();
        if (res.status !== 200) report.failures.push(`/healthz answered ${res.status}`);
      } catch (err) {
        report.failures.push(`/healthz failed: ${(err as Error).message}`);
      }
      const ms = performance.now() - t0;
      report.worstMs = Math.max(report.worstMs, ms);
      report.probes++;
      await new Promise((r) => setTimeout(r, Math.max(0, 100 - ms)));
    }
  })();
  let result: T;
  try {
    result = await attack();
  } finally {
    done = true;
    await probing;
  }
  expect(server.alive(), `the server process died: ${server.lines.slice(-20).join('\n')}`).toBe(true);
  expect(report.failures, 'health probes failed').toEqual([]);
  expect(report.worstMs, `a /healthz probe waited ${report.worstMs.toFixed(0)} ms (bound ${boundMs} ms)`).toBeLessThanOrEqual(boundMs);
  return result as T & {};
}

/** Asserts an RFC 9457 problem answer with a 4xx status (and this code, when given). */
export function expectProblem4xx(r: Answer, code?: string | RegExp): void {
  expect(r.status, r.text).toBeGreaterThanOrEqual(400);
  expect(r.status, r.text).toBeLessThan(500);
  expect(r.headers.get('content-type') ?? '', r.text).toMatch(/^application\/problem\+json/);
  expect(r.body, r.text).toMatchObject({ type: expect.any(String), title: expect.any(String), status: r.status, code: expect.stringMatching(/^WEFT_ERR_/) });
  if (code !== undefined) expect(r.body.code).toMatch(code);
}

/** Polls until `check` returns a value (not undefined) or `ms` pass. */
export async function until<T>(check: () => Promise<T | undefined>, ms = 10_000, every = 50): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}
