/**
 * `weft fn deploy|list|alias|invoke|logs` against the local database (`--db`, default `.weft/weft.db`).
 * Errors print as problem details on stderr (exit 1; usage 2).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FunctionAlias } from '../engine/index.js';
import { DeployError, ManifestError, assignAlias, deployFunction, sourceFromPath } from '../functions/packaging/index.js';
import { SqliteStore } from '../store/index.js';
import { uuidv7 } from './adapters/uuid7.js';
import { compose } from './compose.js';
import type { Json } from '../expr/index.js';
import { parseFunctionRef } from '../functions/packaging/index.js';
import { type Io, usageProblem } from './problem.js';

function openStore(db: string): SqliteStore {
  if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
  return SqliteStore.open(db);
}

function fail(io: Io, err: unknown): number {
  if (err instanceof DeployError || err instanceof ManifestError) {
    const e = err as DeployError;
    io.err(JSON.stringify({ type: e.type, title: 'Function error', status: e.status, detail: e.message, code: e.code, ...(e.problems?.length ? { problems: e.problems } : {}) }));
    return 1;
  }
  throw err;
}

async function withStore<T>(db: string, io: Io, f: (s: SqliteStore) => Promise<T>): Promise<T | number> {
  const store = openStore(db);
  try {
    return await f(store);
  } catch (err) {
    return fail(io, err);
  } finally {
    await store.close();
  }
}

export async function fnDeploy(path: string, o: { db: string; json?: boolean }, io: Io): Promise<number> {
  const r = await withStore(o.db, io, async (store) => {
    const { version, created } = await deployFunction(store.functions, sourceFromPath(path), undefined, Date.now());
    const summary = { name: version.name, version: version.version, hash: version.hash, size: version.size, created };
    io.out(o.json ? JSON.stringify(summary) : `${version.name}@${version.version} ${created ? 'deployed' : 'unchanged'} (${version.size} bytes, ${version.hash.slice(0, 12)})`);
    return 0;
  });
  return r;
}

export async function fnList(o: { db: string; json?: boolean }, io: Io): Promise<number> {
  return withStore(o.db, io, async (store) => {
    const latest = await store.functions.listVersions();
    const rows = [];
    for (const v of latest) {
      const versions = (await store.functions.listVersions(v.name)).map((x) => x.version);
      const aliases = (await store.functions.listAliases(v.name)).map((a) => ({ alias: a.alias, routes: a.routes }));
      rows.push({ name: v.name, latest: v.version, versions, aliases, description: v.manifest.description ?? '' });
    }
    if (o.json) io.out(JSON.stringify(rows));
    else if (!rows.length) io.out('no functions deployed');
    else for (const r of rows) io.out(`${r.name}  latest ${r.latest}  versions ${r.versions.join(', ')}${r.aliases.length ? `  aliases ${r.aliases.map((a) => `${a.alias}→${a.routes.map((x) => `${x.version}:${x.weight}%`).join('+')}`).join(' ')}` : ''}`);
    return 0;
  });
}

/** `--weight <version>=<pct>` moves that share to another version; the named version keeps the rest. */
export async function fnAlias(name: string, alias: string, version: string, o: { db: string; weight?: string[] }, io: Io): Promise<number> {
  const routes: FunctionAlias['routes'] = [];
  let rest = 100;
  for (const w of o.weight ?? []) {
    const m = /^([^=]+)=(\d{1,3})$/.exec(w);
    if (!m) {
      io.err(JSON.stringify(usageProblem('WEFT_ERR_CLI_ARG', `--weight expects <version>=<percent>, got '${w}'`)));
      return 2;
    }
    routes.push({ version: m[1], weight: Number(m[2]) });
    rest -= Number(m[2]);
  }
  routes.unshift({ version, weight: rest });
  return withStore(o.db, io, async (store) => {
    await assignAlias(store.functions, { name, alias, routes });
    io.out(`${name}:${alias} → ${routes.map((r) => `${r.version} (${r.weight}%)`).join(', ')}`);
    return 0;
  });
}

/** `weft fn invoke <name>[:<version|alias>] --input <json>`: prints the output as JSON (exit 0) or the problem (exit 1). */
export async function fnInvoke(target: string, o: { db: string; input?: string }, io: Io): Promise<number> {
  let input: Json = {};
  try {
    if (o.input !== undefined) input = JSON.parse(o.input) as Json;
  } catch (err) {
    io.err(JSON.stringify(usageProblem('WEFT_ERR_CLI_JSON', `--input is not valid JSON: ${(err as Error).message}`)));
    return 2;
  }
  const { name, ref } = parseFunctionRef(target);
  if (o.db !== ':memory:') mkdirSync(dirname(o.db), { recursive: true });
  const app = compose({ db: o.db, onNote: (note) => io.err(`weft: ${note}`) });
  try {
    // No ref: the live alias, else the newest version.
    const r = await app.functions.invoke({ name, ref: ref ?? '', input, idempotencyKey: uuidv7(), runId: 'cli', pointer: '' });
    io.out(JSON.stringify(r.output));
    return 0;
  } catch (err) {
    io.err(JSON.stringify((err as { problem?: unknown }).problem ?? { detail: String(err) }));
    return 1;
  } finally {
    await app.close();
  }
}

/** `weft fn logs <name>`: the newest invocations with their outcome, timing and log lines. */
export async function fnLogs(name: string, o: { db: string; limit?: string; json?: boolean }, io: Io): Promise<number> {
  return withStore(o.db, io, async (store) => {
    const records = await store.functions.listInvocations(name, Number(o.limit ?? 20));
    if (o.json) {
      io.out(JSON.stringify(records));
      return 0;
    }
    if (!records.length) io.out(`no invocations of ${name}`);
    for (const r of records) {
      const outcome = r.ok ? 'ok' : `failed: ${String((r.error as { detail?: string } | undefined)?.detail ?? '')}`;
      io.out(`${new Date(r.at).toISOString()} ${r.name}@${r.version} ${r.id} ${r.cold ? 'cold' : 'warm'} queue ${r.queueMs}ms run ${r.durationMs}ms ${outcome}`);
      for (const l of r.logs) io.out(`  ${l.level.padEnd(5)} ${l.message}`);
    }
    return 0;
  });
}
