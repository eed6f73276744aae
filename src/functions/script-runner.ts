/**
 * `run: script` (JavaScript) on the function runtime: the code runs as the body of an async function in a
 * fresh sandbox with `process.argv` (['node', 'script', ...arguments]), `process.env` (the environment)
 * and `process.stdin` ({ text, read() }); `console.log/info/debug` go to stdout, `console.warn/error` to
 * stderr. A throw ends it with code 1 (its message on stderr); a timeout is a `timeout` error. No network,
 * no secrets, no Node APIs.
 */
import type { FunctionManifest, FunctionVersion, ScriptRunner } from '../ports/index.js';
import { FN_ERROR_CODES, FunctionError, FunctionFailure } from './errors.js';
import type { FunctionRuntime, HostContext } from './runtime/index.js';

export interface ScriptOptions {
  runtime: () => Promise<FunctionRuntime>;
  newId: () => string;
  timeoutMs?: number;
  memoryMb?: number;
  now?: () => number;
}

const MANIFEST: Omit<FunctionManifest, 'timeoutMs' | 'memoryMb'> = {
  name: 'script',
  version: '0.0.0',
  maxConcurrency: 1,
  minWarm: 0,
  idleMs: 0,
  egress: [],
  secrets: [],
};

function wrap(code: string): string {
  return `var __weft = { default: async function (__input, ctx) {
  const process = Object.freeze({
    argv: Object.freeze(['node', 'script', ...__input.argv]),
    env: Object.freeze({ ...__input.env }),
    stdin: Object.freeze({ text: __input.stdin, read: () => __input.stdin }),
  });
${code}
} };`;
}

export function createScriptRunner(o: ScriptOptions): ScriptRunner {
  const now = o.now ?? Date.now;
  let runtime: Promise<FunctionRuntime> | undefined;
  return {
    async run(req) {
      const code = wrap(req.code);
      const manifest: FunctionManifest = { ...MANIFEST, timeoutMs: o.timeoutMs ?? 30_000, memoryMb: o.memoryMb ?? 64 };
      const version: FunctionVersion = { name: 'script', version: '0.0.0', hash: '', size: code.length, code, manifest, createdAt: now() };
      const stdout: string[] = [];
      const stderr: string[] = [];
      const host: HostContext = {
        invocationId: o.newId(),
        idempotencyKey: req.idempotencyKey,
        deadline: now() + manifest.timeoutMs,
        fetch: async () => {
          throw new FunctionError(FN_ERROR_CODES.egress, 'scripts have no network access');
        },
        secret: () => undefined,
        log: (level, message) => (level === 'warn' || level === 'error' ? stderr : stdout).push(message),
        emit: async () => {
          throw new FunctionError(FN_ERROR_CODES.runtime, 'scripts cannot emit events');
        },
      };
      const text = (lines: string[]) => (lines.length ? lines.join('\n') + '\n' : '');
      const instance = await (await (runtime ??= o.runtime())).create(version);
      try {
        await instance.invoke({ argv: req.arguments, env: req.environment, stdin: req.stdin }, host);
        return { code: 0, stdout: text(stdout), stderr: text(stderr) };
      } catch (err) {
        if (err instanceof FunctionError && err.code === FN_ERROR_CODES.timeout) {
          throw new FunctionFailure({ type: err.type, status: err.status, title: 'Script timed out', detail: err.message }, { cause: err });
        }
        stderr.push(err instanceof Error ? err.message : String(err));
        return { code: 1, stdout: text(stdout), stderr: text(stderr) };
      } finally {
        instance.dispose();
      }
    },
  };
}
