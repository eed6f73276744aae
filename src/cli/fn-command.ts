/**
 * `weft fn deploy|list|alias|invoke|logs` against the local database (`--db`, default `.weft/weft.db`) or a
 * running server (`--server <url>`, WEFT_API_KEY), through the same platform slice (cli-platform.ts).
 * Problems are said on stderr (problem.ts `reportProblem`; `--json`: problem details). Exit 0 done, 1 the
 * invoked function failed, 2 refused input or flags, 3 server or internal failure.
 */
import type { FunctionAlias } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import { parseFunctionRef, sourceFromPath } from '../functions/index.js';
import { type Target, withPlatform } from './cli-platform.js';
import { type Io, problemOf, reportProblem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';

export function fnDeploy(path: string, o: Target, io: Io): Promise<number> {
  return withPlatform(o, io, async (platform) => {
    const { function: v, created } = await platform.functions.deploy(sourceFromPath(path));
    const summary = { name: v.name, version: v.version, hash: v.hash, size: v.size, created };
    io.out(o.json ? JSON.stringify(summary) : `${v.name}@${v.version} ${created ? 'deployed' : 'unchanged'} (${v.size} bytes, ${v.hash.slice(0, 12)})`);
    return 0;
  });
}

export function fnList(o: Target, io: Io): Promise<number> {
  return withPlatform(o, io, async (platform) => {
    const rows = (await platform.functions.list()).map((f) => ({ name: f.name, latest: f.latest, versions: f.versions, aliases: f.aliases.map((a) => ({ alias: a.alias, routes: a.routes })), description: f.description }));
    if (o.json) io.out(JSON.stringify(rows));
    else if (!rows.length) io.out('no functions deployed');
    else for (const r of rows) io.out(`${r.name}  latest ${r.latest}  versions ${r.versions.join(', ')}${r.aliases.length ? `  aliases ${r.aliases.map((a) => `${a.alias}→${a.routes.map((x) => `${x.version}:${x.weight}%`).join('+')}`).join(' ')}` : ''}`);
    return 0;
  });
}

/** `--weight <version>=<pct>` moves that share to another version; the named version keeps the rest. */
export async function fnAlias(name: string, alias: string, version: string, o: Target & { weight?: string[] }, io: Io): Promise<number> {
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
  return withPlatform(o, io, async (platform) => {
    const { after } = await platform.functions.setAlias({ name, alias, routes });
    io.out(o.json ? JSON.stringify(after) : `${name}:${alias} → ${after.routes.map((r) => `${r.version} (${r.weight}%)`).join(', ')}`);
    return 0;
  });
}

/**
 * `weft fn invoke <name>[:<version|alias>] --input <json>`: prints the output as JSON (exit 0). A failure of
 * the function itself (it threw, timed out, its fetch failed) is exit 1; a refused call (unknown function,
 * input not matching its schema) 2.
 */
export async function fnInvoke(target: string, o: Target & { input?: string }, io: Io): Promise<number> {
  let input: Json = {};
  try {
    if (o.input !== undefined) input = JSON.parse(o.input) as Json;
  } catch (err) {
    reportProblem(io, usageProblem(CLI_ERROR_CODES.json, `--input is not valid JSON: ${(err as Error).message}`), o.json);
    return 2;
  }
  const { name, ref } = parseFunctionRef(target);
  // The function may read secrets: the local vault is opened for it.
  return withPlatform({ ...o, vault: 'read' }, io, async (platform) => {
    try {
      // No ref: the live alias, else the newest version.
      const r = await platform.functions.invoke({ name, ...(ref ? { ref } : {}), input });
      io.out(JSON.stringify(r.output));
      return 0;
    } catch (err) {
      const problem = problemOf(err);
      if (!FUNCTION_FAILED.has(problem.code)) throw err;
      reportProblem(io, problem, o.json);
      return 1;
    }
  });
}

/** The codes of a function that ran and failed (functions/errors.ts), as opposed to a call that was refused. */
const FUNCTION_FAILED = new Set(['WEFT_ERR_FN_RUNTIME', 'WEFT_ERR_FN_TIMEOUT', 'WEFT_ERR_FN_EGRESS', 'WEFT_ERR_FN_SECRET']);

/** `weft fn logs <name>`: the newest invocations with their outcome, timing and log lines. */
export function fnLogs(name: string, o: Target & { limit?: string }, io: Io): Promise<number> {
  const limit = Number(o.limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    reportProblem(io, usageProblem(CLI_ERROR_CODES.arg, `--limit must be a whole number from 1 to 1000, got '${o.limit}'`), o.json);
    return Promise.resolve(2);
  }
  return withPlatform(o, io, async (platform) => {
    const records = await platform.functions.logs(name, limit);
    if (o.json) {
      io.out(JSON.stringify(records));
      return 0;
    }
    if (!records.length) io.out(`no invocations of ${name}`);
    for (const r of records) {
      const outcome = r.ok ? 'ok' : `failed: ${String((r.error as { detail?: string } | undefined)?.detail ?? '')}`;
      io.out(`${new Date(r.at).toISOString()} ${r.name}@${r.version} ${r.id} ${r.cold ? 'cold' : 'warm'} queue ${ms(r.queueMs)} run ${ms(r.durationMs)} ${outcome}`);
      for (const l of r.logs) io.out(`  ${l.level.padEnd(5)} ${l.message}`);
    }
    return 0;
  });
}

/** A duration for people: the timings are high-resolution (0.048095703125), one decimal is plenty. */
function ms(value: number): string {
  return `${Number(value.toFixed(1))}ms`;
}
