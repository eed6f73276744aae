/**
 * What the state commands (`weft run`, `weft fn …`, `weft nodes`, `weft events tail`) use of the platform,
 * and where it comes from: the local database (`--db`, the façade in this process) or a running server
 * (`--server <url>`, else WEFT_SERVER; remote-platform.ts over the HTTP API). The commands are written once
 * against this narrow slice of the façade, so local and remote answers have the same shapes and problems.
 */
import type { EventsApi, FunctionsApi, NodesApi, RunsApi, SecretsApi, WorkflowsApi } from '../platform/index.js';
import { masterKeysFor } from './master-key-file.js';
import { type PlatformStore, compose, openStore } from './compose.js';
import { type Io, exitStatusOf, problemOf, reportProblem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';
import { remotePlatform } from './remote-platform.js';
import { ServerClient } from './server-client.js';

export interface CliPlatform {
  workflows: Pick<WorkflowsApi, 'register' | 'testTask'>;
  runs: Pick<RunsApi, 'start' | 'get' | 'redrive' | 'rerun' | 'redriveMatching'>;
  functions: Pick<FunctionsApi, 'deploy' | 'list' | 'setAlias' | 'invoke' | 'logs'>;
  events: Pick<EventsApi, 'list'>;
  /** `undefined` for a local SQLite file: one process serves it, so there is no node registry to read. */
  nodes: NodesApi | undefined;
  secrets: SecretsApi;
}

/** The local database when neither `--db` nor `--server` is given. */
export const DEFAULT_DB = '.weft/weft.db';

/** Where a command's state lives: a server (a URL), else `db` (a SQLite path or postgres:// URL, default DEFAULT_DB). */
export interface Target {
  db?: string;
  server?: string;
  /** Problems as RFC 9457 JSON. */
  json?: boolean;
  /**
   * The command reads or writes secrets (runs workflows, invokes functions, manages the vault): a local
   * database's vault is opened first (its master key checked), with the development key file beside a
   * SQLite database (master-key-file.ts; `create`: made when missing).
   */
  vault?: 'read' | 'create';
}

/**
 * The server a command talks to: `--server`, else WEFT_SERVER unless `--db` names a local database. Both
 * flags at once is a usage error (which one was meant?).
 */
export function serverOf(o: { server?: string; db?: string }, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (o.server !== undefined && o.db !== undefined) throw usageProblem(CLI_ERROR_CODES.arg, 'use either --server (a running Weft) or --db (a local database), not both');
  return o.server ?? (o.db === undefined ? env.WEFT_SERVER || undefined : undefined);
}

export interface Opened {
  platform: CliPlatform;
  /** Where it is, for messages: the server's origin or the database. */
  where: string;
  close(): Promise<void>;
}

/**
 * The local database `db`: a SQLite file or a postgres:// URL. The store's coded errors pass as they are
 * (a PostgreSQL server that cannot be reached: WEFT_ERR_STORE_FAILED, exit 3); anything else — a file
 * that cannot be created or opened, a URL that does not parse — is the command's to fix (`--db`, exit 2).
 */
export async function openDatabase(db: string): Promise<PlatformStore> {
  try {
    return await openStore(db);
  } catch (err) {
    if (typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('WEFT_')) throw err;
    throw Object.assign(usageProblem(CLI_ERROR_CODES.db, `cannot open the database ${db}: ${(err as Error).message} (check --db)`), { cause: err });
  }
}

/** The platform of `t`: a server client (nothing to open) or the façade over the local database. */
export async function openPlatform(t: Target, io: Io): Promise<Opened> {
  const server = serverOf(t);
  if (server !== undefined) {
    const client = new ServerClient(server, process.env.WEFT_API_KEY || undefined);
    return { platform: remotePlatform(client), where: client.base.origin, close: async () => {} };
  }
  // No node registration: a command is not a member of the cluster, it only reads and writes state.
  const db = t.db ?? DEFAULT_DB;
  const masterKeys = t.vault ? masterKeysFor(process.env, db, { create: t.vault === 'create', onCreated: (path) => io.err(`weft: made a development master key in ${path} (set WEFT_MASTER_KEY in production)`) }) : undefined;
  const app = compose({ db: await openDatabase(db), node: { roles: [] }, onNote: (note) => io.err(`weft: ${note}`), ...(masterKeys ? { masterKeys } : {}) });
  const p = app.platform;
  const opened = {
    platform: { workflows: p.workflows, runs: p.runs, functions: p.functions, events: p.events, nodes: app.member ? p.nodes : undefined, secrets: p.secrets },
    where: db,
    close: () => app.close(),
  };
  if (t.vault) {
    try {
      await app.ready();
    } catch (err) {
      await app.close();
      throw err;
    }
  }
  return opened;
}

/**
 * Runs `f` on `t`'s platform and closes it; a problem opening it or thrown by `f` is said (`--json`: as
 * JSON) and exits with its documented status (problem.ts `exitStatusOf`).
 */
export async function withPlatform(t: Target, io: Io, f: (p: CliPlatform) => Promise<number>): Promise<number> {
  let opened: Opened;
  try {
    opened = await openPlatform(t, io);
  } catch (err) {
    const problem = problemOf(err);
    reportProblem(io, problem, t.json);
    return exitStatusOf(problem);
  }
  try {
    return await f(opened.platform);
  } catch (err) {
    const problem = problemOf(err);
    reportProblem(io, problem, t.json);
    return exitStatusOf(problem);
  } finally {
    await opened.close();
  }
}
