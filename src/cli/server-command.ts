/**
 * `weft dev` and `weft serve`: the HTTP API over the local database.
 *   dev    127.0.0.1 only, no auth, no rate limits; loads --dir (workflows and function folders) and
 *          reloads it on change.
 *   serve  authentication on every route but /healthz and /readyz; refuses to start without a
 *          credential (WEFT_ADMIN_KEY bootstraps an admin key); rate limits per key/IP and route group.
 * Both resume unfinished runs at start, say which function runtime they use, and shut down gracefully on
 * SIGTERM/SIGINT: stop accepting, let in-flight requests finish, leave unfinished runs durable for the
 * next start, close the database.
 */
import type { FastifyInstance } from 'fastify';
import { type RateLimit, type RouteGroup, buildGateway } from '../gateway/index.js';
import { type Telemetry, createLogger, createTelemetry } from '../telemetry/index.js';
import { type Composed, compose, openStore } from './compose.js';
import { type Io, problemOf, usageProblem } from './problem.js';
import { loadProject, watchProject, type LoadReport } from './project-loader.js';

export interface ServerOptions {
  mode: 'dev' | 'serve';
  host?: string;
  port: number;
  /** A SQLite file or a postgres:// URL. */
  db: string;
  /** weft dev: the project folder to load and watch. */
  dir?: string;
  env?: NodeJS.ProcessEnv;
  /** weft dev: reload the project on file changes (default true). */
  watch?: boolean;
}

export interface RunningServer {
  url: string;
  app: Composed;
  http: FastifyInstance;
  telemetry: Telemetry;
  /** Graceful stop; resolves when the database is closed. */
  stop(): Promise<void>;
}

/** `WEFT_RATE_LIMITS="read=6000,write=600,run=60000,invoke=120000,admin=120"` (per minute). */
export function parseRateLimits(text: string | undefined): Partial<Record<RouteGroup, RateLimit>> {
  const out: Partial<Record<RouteGroup, RateLimit>> = {};
  for (const part of (text ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(read|write|run|invoke|admin)=(\d+)$/.exec(part);
    if (!m) throw usageProblem('WEFT_ERR_CLI_ARG', `WEFT_RATE_LIMITS: expected group=<requests per minute> (groups read, write, run, invoke, admin), got '${part}'`);
    out[m[1] as RouteGroup] = { max: Number(m[2]), windowMs: 60_000 };
  }
  return out;
}

function describeLoad(r: LoadReport): string {
  return r.outcome === 'failed' ? `  ✗ ${r.kind} ${r.path}: ${r.detail}` : `  ${r.outcome === 'registered' ? '+' : '='} ${r.kind} ${r.what} (${r.path})`;
}

export async function startServer(o: ServerOptions, io: Io): Promise<RunningServer> {
  const env = o.env ?? process.env;
  const telemetry = createTelemetry({ env, logger: createLogger({ level: (env.WEFT_LOG_LEVEL ?? 'info') as 'info' }) });
  const rateLimits = o.mode === 'serve' ? parseRateLimits(env.WEFT_RATE_LIMITS) : false;
  const app = compose({
    db: await openStore(o.db),
    onLifecycle: (e) => telemetry.onLifecycle(e),
    onInvocation: (i) => telemetry.onInvocation(i),
    onHttpCall: (c) => telemetry.onHttpCall(c),
    onEventStored: (type) => telemetry.metrics.eventIngested(type),
    onEventDelivery: (type, outcome) => telemetry.metrics.eventDelivery(type, outcome),
    env,
    onError: (err, context) => telemetry.logger.error({ err, context }, `${context} failed`),
  });
  let ready = false;
  let stopWatching = () => {};
  try {
    if (o.mode === 'serve') {
      if (env.WEFT_ADMIN_KEY) await app.keys.bootstrap(env.WEFT_ADMIN_KEY);
      if (!(await app.keys.hasCredentials())) {
        throw usageProblem('WEFT_ERR_CLI_NO_CREDENTIALS', 'weft serve requires authentication and no API key exists: set WEFT_ADMIN_KEY to bootstrap an admin key');
      }
    }
    const runtime = await app.functionRuntime();
    // Said at every start: where functions run is part of the security posture (the fallback is weaker).
    io.err(runtime.runtime.kind === 'isolate' ? 'weft: functions run in V8 isolates (isolated-vm)' : `weft: ${runtime.note ?? 'functions run in worker threads'}`);
    telemetry.metrics.gauges({ activeRuns: () => app.engine.activeRuns, queueDepth: () => app.functions.queueDepth(), oldestUndelivered: () => app.store.events.oldestPending() });
    const resumed = await app.engine.recover();
    if (resumed) io.err(`weft: resumed ${resumed} unfinished run${resumed === 1 ? '' : 's'}`);
    await app.startBackground();
    if (o.mode === 'dev' && o.dir) {
      const dir = o.dir;
      io.err(`weft: loading ${dir}`);
      for (const r of await loadProject(app.platform, dir)) io.err(describeLoad(r));
      if (o.watch !== false) {
        stopWatching = watchProject(dir, async () => {
          for (const r of await loadProject(app.platform, dir)) if (r.outcome !== 'unchanged') io.err(describeLoad(r));
        });
      }
    }
    const http = await buildGateway({
      platform: app.platform,
      keys: app.keys,
      audit: app.audit,
      telemetry,
      auth: o.mode === 'serve',
      rateLimits,
      logger: telemetry.logger,
      ready: () => ready,
    });
    const host = o.mode === 'dev' ? '127.0.0.1' : (o.host ?? '127.0.0.1');
    const address = await http.listen({ host, port: o.port });
    ready = true;
    let stopping: Promise<void> | undefined;
    return {
      url: address,
      app,
      http,
      telemetry,
      stop: () =>
        (stopping ??= (async () => {
          ready = false;
          stopWatching();
          await http.close();
          await app.close();
          await telemetry.shutdown();
        })()),
    };
  } catch (err) {
    stopWatching();
    await app.close();
    await telemetry.shutdown();
    throw err;
  }
}

/** Runs the server until SIGTERM or SIGINT; exit code 0 after a graceful stop, 2 when it cannot start. */
export async function serverCommand(o: ServerOptions, io: Io): Promise<number> {
  let server: RunningServer;
  try {
    server = await startServer(o, io);
  } catch (err) {
    io.err(JSON.stringify(problemOf(err)));
    return 2;
  }
  io.out(`Weft ${o.mode === 'dev' ? 'dev server' : 'server'} listening on ${server.url} (API docs: ${server.url}/api/docs)`);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      io.err(`weft: ${signal}: shutting down`);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      void server.stop().then(resolve, resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  return 0;
}
