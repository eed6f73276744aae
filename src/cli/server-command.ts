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
import { NODE_ROLES, type NodeRole } from '../ports/index.js';
import { compileDefinition } from '../platform/index.js';
import { type HttpHygiene, type RateLimit, type RouteGroup, httpHygieneFromEnv } from '../gateway/index.js';
import { describeEgress, egressModeFor, limitsFromEnv, policyFromEnv } from '../security/index.js';
import type { Telemetry } from '../telemetry/index.js';
import { existsSync } from 'node:fs';
import { OIDC_ERROR_CODES, VAULT_ERROR_CODES } from '../security/index.js';
import { type Composed, composeServer } from './compose.js';
import { devKeyPath, masterKeysFor } from './master-key-file.js';
import { type Io, nextStep, problemOf, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';
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
  /** What this node does (default all); anything less needs PostgreSQL (other nodes do the rest). */
  roles?: NodeRole[];
}

/** `--roles api,worker` → the roles, refusing unknown ones and an empty list. */
export function parseRoles(text: string): NodeRole[] {
  const roles = [...new Set(text.split(',').map((r) => r.trim()).filter(Boolean))];
  const bad = roles.filter((r) => !(NODE_ROLES as readonly string[]).includes(r));
  if (bad.length || roles.length === 0) throw usageProblem(CLI_ERROR_CODES.arg, `--roles takes a comma-separated list of ${NODE_ROLES.join(', ')}; got '${text}'`);
  return roles as NodeRole[];
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
    if (!m) throw usageProblem(CLI_ERROR_CODES.arg, `WEFT_RATE_LIMITS: expected group=<requests per minute> (groups read, write, run, invoke, admin), got '${part}'`);
    out[m[1] as RouteGroup] = { max: Number(m[2]), windowMs: 60_000 };
  }
  return out;
}

function describeLoad(r: LoadReport): string {
  return r.outcome === 'failed' ? `  ✗ ${r.kind} ${r.path}: ${r.detail}` : `  ${r.outcome === 'registered' ? '+' : '='} ${r.kind} ${r.what} (${r.path}${r.note ? `: ${r.note}` : ''})`;
}

export async function startServer(o: ServerOptions, io: Io): Promise<RunningServer> {
  const env = o.env ?? process.env;
  const rateLimits = o.mode === 'serve' ? parseRateLimits(env.WEFT_RATE_LIMITS) : false;
  const roles = o.roles ?? [...NODE_ROLES];
  const postgres = /^postgres(ql)?:\/\//i.test(o.db);
  if (!postgres && roles.length < NODE_ROLES.length) {
    throw usageProblem(CLI_ERROR_CODES.arg, `--roles ${roles.join(',')} needs a shared PostgreSQL database (--db postgres://…): on SQLite this node is the only one and must do everything`);
  }
  const host = o.mode === 'dev' ? '127.0.0.1' : (o.host ?? '127.0.0.1');
  // Workflow egress: restricted in serve, open in dev (WEFT_EGRESS overrides); said at start, like the runtime.
  const egress = egressModeFor(o.mode, env);
  io.err(describeEgress(o.mode, policyFromEnv(egress, env), limitsFromEnv(env)));
  let hygiene: HttpHygiene;
  try {
    hygiene = httpHygieneFromEnv(o.mode, host, env);
  } catch (err) {
    throw usageProblem(CLI_ERROR_CODES.arg, (err as Error).message);
  }
  // `weft dev` on a SQLite file keeps a development master key beside it; `weft serve` reads only WEFT_MASTER_KEY[_FILE].
  const masterKeys = o.mode === 'dev' ? masterKeysFor(env, o.db, { create: true, onCreated: (path) => io.err(`weft: made a development master key for the secret vault in ${path} (set WEFT_MASTER_KEY in production)`) }) : undefined;
  const server = await composeServer({ mode: o.mode, db: o.db, env, egress, roles, onWarning: (message) => io.err(`weft: ${message}`), ...(masterKeys ? { masterKeys } : {}) });
  const { app, telemetry } = server;
  let ready = false;
  let stopWatching = () => {};
  try {
    if (o.mode === 'serve') {
      if (env.WEFT_ADMIN_KEY) await app.keys.bootstrap(env.WEFT_ADMIN_KEY);
      // With single sign-on people log in through the provider: an API key is no longer the only way in.
      if (!server.ssoNotice && !(await app.keys.hasCredentials())) {
        throw usageProblem(CLI_ERROR_CODES.noCredentials, 'weft serve requires authentication and no API key exists: set WEFT_ADMIN_KEY to bootstrap an admin key (or enable single sign-on with WEFT_OIDC_ISSUER)');
      }
      if (server.ssoNotice) io.err(`weft: ${server.ssoNotice}`);
    } else if (env.WEFT_OIDC_ISSUER) io.err('weft: WEFT_OIDC_ISSUER is ignored by weft dev (no authentication: you are the local developer); weft serve uses it');
    // A wrong or lost master key stops the start here, with what to do (security/vault.ts `open`).
    await app.ready().catch((err: unknown) => {
      const path = devKeyPath(o.db);
      const hint = o.mode === 'serve' && path && existsSync(path) ? ` (a development key is at ${path}: WEFT_MASTER_KEY_FILE=${path} uses it)` : '';
      throw hint ? Object.assign(err as Error, { message: `${(err as Error).message}${hint}` }) : err;
    });
    io.err(app.vault.enabled ? `weft: the secret vault is sealed under master key ${app.vault.masterKeyIds.current}${app.vault.masterKeyIds.previous ? ` (and ${app.vault.masterKeyIds.previous}, being retired)` : ''}` : 'weft: no master key (WEFT_MASTER_KEY): the secret vault is off; environment secrets (WEFT_SECRET_<NAME>) still work, but run data that copies them is stored unsealed');
    const runtime = await app.functionRuntime();
    // Said at every start: where functions run is part of the security posture (the fallback is weaker).
    io.err(runtime.runtime.kind === 'isolate' ? `weft: functions run in V8 isolates (${runtime.runtime.engine})` : `weft: ${runtime.note ?? 'functions run in worker threads'}`);
    // So are the namespace grants: which secrets workflows see and where `run: workflow` may reach.
    for (const line of app.grants.describe()) io.err(`weft: ${line}`);
    // Compiling the DSL schema and the jq prelude costs a few hundred ms once: paid here, before the first
    // request, rather than by it (and by every request waiting behind it).
    compileDefinition("document: { dsl: '1.0.0', namespace: warm, name: up, version: '0.0.0' }\ndo:\n  - a: { set: { x: '${ .y | test(\"z\") }' } }\n");
    const resumed = await app.startBackground();
    if (resumed) io.err(`weft: resumed ${resumed} unfinished run${resumed === 1 ? '' : 's'}`);
    if (app.member) io.err(`weft: node ${app.member.nodeId} (${roles.join(', ')}) joined the cluster on PostgreSQL; run leases expire after ${app.member.leaseMs} ms`);
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
    const http = await server.gateway({ rateLimits, hygiene, ready: () => ready });
    if (hygiene.notice) io.err(hygiene.notice);
    const address = await listen(http, host, o.port);
    app.listening(address);
    if (roles.includes('api')) await app.member?.setAddress(address);
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

/** Listens, or says plainly that the port is taken (the commonest first-run failure) and how to choose another. */
async function listen(http: { listen(o: { host: string; port: number }): Promise<string>; log: { level: string } }, host: string, port: number): Promise<string> {
  // Fastify logs "Server listening at …" as a JSON line in the middle of the banner; the banner says it.
  const level = http.log.level;
  if (level === 'info' || level === 'debug' || level === 'trace') http.log.level = 'warn';
  try {
    return await http.listen({ host, port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    throw usageProblem(CLI_ERROR_CODES.portInUse, `port ${port} is in use on ${host} (try --port <another port>, or --port 0 for any free one)`);
  } finally {
    http.log.level = level;
  }
}

/** Start failures the operator fixes in the environment, like a flag: the master key's, single sign-on's. */
const FIXABLE_AT_START = new Set<string>([VAULT_ERROR_CODES.noMasterKey, VAULT_ERROR_CODES.wrongMasterKey, VAULT_ERROR_CODES.badMasterKey, OIDC_ERROR_CODES.config]);

/**
 * Runs the server until SIGTERM or SIGINT. Exit status: 0 after a graceful stop; when it cannot start, 2 for
 * what the command line can fix (a flag, a taken port, a missing key) and 3 for anything else.
 */
export async function serverCommand(o: ServerOptions, io: Io): Promise<number> {
  let server: RunningServer;
  try {
    server = await startServer(o, io);
  } catch (err) {
    const problem = problemOf(err);
    io.err([`weft: cannot start: ${problem.detail} [${problem.code}]`, ...nextStep(problem.code)].join('\n'));
    return problem.status < 500 || FIXABLE_AT_START.has(problem.code) ? 2 : 3;
  }
  await new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      io.err(`weft: ${signal}: shutting down`);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      void server.stop().then(resolve, resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    // Said once the handlers are in place: whoever waits for this line may stop the server straight away.
    // The studio first: it is where a newcomer starts.
    io.out(`Studio: ${server.url}/`);
    io.out(`Weft ${o.mode === 'dev' ? 'dev server' : 'server'} listening on ${server.url} (API docs: ${server.url}/api/docs)`);
  });
  return 0;
}
