/**
 * `weft fn deploy|list|alias|invoke|logs` against the local database (`--db`, default `.weft/weft.db`),
 * through the same platform façade as the HTTP API. Errors are said on stderr (problem.ts `reportProblem`;
 * `--json`: problem details) with exit 1; usage 2.
 */
import type { FunctionAlias } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import { parseFunctionRef, sourceFromPath } from '../functions/index.js';
import { type Composed, compose, openStore } from './compose.js';
import { type Io, problemOf, reportProblem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';

async function withPlatform(db: string, io: Io, json: boolean | undefined, f: (app: Composed) => Promise<number>): Promise<number> {
  let app: Composed;
  try {
    app = compose({ db: await openStore(db), onNote: (note) => io.err(`weft: ${note}`) });
  } catch (err) {
    reportProblem(io, problemOf(err), json);
    return 1;
  }
  try {
    return await f(app);
  } catch (err) {
    reportProblem(io, problemOf(err), json);
    return 1;
  } finally {
    await app.close();
  }
}

export function fnDeploy(path: string, o: { db: string; json?: boolean }, io: Io): Promise<number> {
  return withPlatform(o.db, io, o.json, async ({ platform }) => {
    const { function: v, created } = await platform.functions.deploy(sourceFromPath(path));
    const summary = { name: v.name, version: v.version, hash: v.hash, size: v.size, created };
    io.out(o.json ? JSON.stringify(summary) : `${v.name}@${v.version} ${created ? 'deployed' : 'unchanged'} (${v.size} bytes, ${v.hash.slice(0, 12)})`);
    return 0;
  });
}

export function fnList(o: { db: string; json?: boolean }, io: Io): Promise<number> {
  return withPlatform(o.db, io, o.json, async ({ platform }) => {
    const rows = (await platform.functions.list()).map((f) => ({ name: f.name, latest: f.latest, versions: f.versions, aliases: f.aliases.map((a) => ({ alias: a.alias, routes: a.routes })), description: f.description }));
    if (o.json) io.out(JSON.stringify(rows));
    else if (!rows.length) io.out('no functions deployed');
    else for (const r of rows) io.out(`${r.name}  latest ${r.latest}  versions ${r.versions.join(', ')}${r.aliases.length ? `  aliases ${r.aliases.map((a) => `${a.alias}→${a.routes.map((x) => `${x.version}:${x.weight}%`).join('+')}`).join(' ')}` : ''}`);
    return 0;
  });
}

/** `--weight <version>=<pct>` moves that share to another version; the named version keeps the rest. */
export async function fnAlias(name: string, alias: string, version: string, o: { db: string; weight?: string[]; json?: boolean }, io: Io): Promise<number> {
  const routes: FunctionAlias['routes'] = [];
  let rest = 100;
  for (const w of o.weight ?? []) {
    const m = /^([^=]+)=(\d{1,3})$/.exec(w);
    if (!m) {
      reportProblem(io, usageProblem(CLI_ERROR_CODES.arg, `--weight expects <version>=<percent>, got '${w}'`), o.json);
      return 2;
    }
    routes.push({ version: m[1], weight: Number(m[2]) });
    rest -= Number(m[2]);
  }
  routes.unshift({ version, weight: rest });
  return withPlatform(o.db, io, o.json, async ({ platform }) => {
    await platform.functions.setAlias({ name, alias, routes });
    io.out(`${name}:${alias} → ${routes.map((r) => `${r.version} (${r.weight}%)`).join(', ')}`);
    return 0;
  });
}

/** `weft fn invoke <name>[:<version|alias>] --input <json>`: prints the output as JSON (exit 0) or the problem (exit 1). */
export async function fnInvoke(target: string, o: { db: string; input?: string; json?: boolean }, io: Io): Promise<number> {
  let input: Json = {};
  try {
    if (o.input !== undefined) input = JSON.parse(o.input) as Json;
  } catch (err) {
    reportProblem(io, usageProblem(CLI_ERROR_CODES.json, `--input is not valid JSON: ${(err as Error).message}`), o.json);
    return 2;
  }
  const { name, ref } = parseFunctionRef(target);
  return withPlatform(o.db, io, o.json, async ({ platform }) => {
    // No ref: the live alias, else the newest version.
    const r = await platform.functions.invoke({ name, ...(ref ? { ref } : {}), input });
    io.out(JSON.stringify(r.output));
    return 0;
  });
}

/** `weft fn logs <name>`: the newest invocations with their outcome, timing and log lines. */
export function fnLogs(name: string, o: { db: string; limit?: string; json?: boolean }, io: Io): Promise<number> {
  return withPlatform(o.db, io, o.json, async ({ platform }) => {
    const records = await platform.functions.logs(name, Number(o.limit ?? 20));
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
