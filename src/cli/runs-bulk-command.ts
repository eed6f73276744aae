/**
 * `weft runs redrive --workflow ns/name [--status …] [--error-type …] [--from …] [--to …] [--dry-run]`:
 * bulk redrive by filter (docs/repair.md). A server redrives the runs in the background, paced, and the
 * command answers with the list at once; with a local database this process redrives them (at the same
 * pace) and waits for every one to end, as `weft runs redrive <id>` does.
 */
import type { BulkRedriveQuery, BulkRedriveStarted } from '../platform/index.js';
import { BULK_REDRIVE_MAX, REDRIVABLE_STATUSES, TERMINAL } from '../contracts/index.js';
import { type Target, serverOf, withPlatform } from './cli-platform.js';
import { type Io, exitStatusOf, problemOf, reportProblem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';

export interface BulkRedriveFlags extends Target {
  workflow?: string;
  namespace?: string;
  version?: string;
  status?: string;
  errorType?: string;
  from?: string;
  to?: string;
  limit?: string;
  dryRun?: boolean;
}

const bad = (detail: string) => usageProblem(CLI_ERROR_CODES.arg, detail);

/** `--from`/`--to`: epoch ms or an ISO 8601 date / date-time. */
function timeOf(text: string, flag: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw bad(`${flag} must be a time: epoch milliseconds or RFC 3339 (2026-05-01T12:00:00Z)`);
  return ms;
}

/** The filter the flags describe (the gateway checks the same again for a server). */
export function bulkQueryOf(o: BulkRedriveFlags): BulkRedriveQuery {
  let name: string | undefined;
  let namespace = o.namespace;
  if (o.workflow !== undefined) {
    const slash = o.workflow.indexOf('/');
    if (slash <= 0 || slash === o.workflow.length - 1) throw bad('--workflow must be namespace/name');
    if (namespace !== undefined && namespace !== o.workflow.slice(0, slash)) throw bad('--namespace and --workflow name different namespaces');
    namespace = o.workflow.slice(0, slash);
    name = o.workflow.slice(slash + 1);
  }
  const status = o.status?.split(',').map((s) => s.trim());
  const wrong = status?.find((s) => !(REDRIVABLE_STATUSES as readonly string[]).includes(s));
  if (wrong !== undefined) throw bad(`--status ${JSON.stringify(wrong)} is not one of ${REDRIVABLE_STATUSES.join(', ')}`);
  const limit = o.limit === undefined ? undefined : Number(o.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= BULK_REDRIVE_MAX)) throw bad(`--limit must be an integer from 1 to ${BULK_REDRIVE_MAX}`);
  return {
    ...(namespace ? { namespace } : {}),
    ...(name ? { name } : {}),
    ...(o.version ? { version: o.version } : {}),
    ...(status ? { status: status as ('faulted' | 'cancelled')[] } : {}),
    ...(o.errorType ? { errorType: o.errorType } : {}),
    ...(o.from !== undefined ? { from: timeOf(o.from, '--from') } : {}),
    ...(o.to !== undefined ? { to: timeOf(o.to, '--to') } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
}

function say(io: Io, o: BulkRedriveFlags, r: Omit<BulkRedriveStarted, 'done'>, ended?: Map<string, string>): void {
  if (o.json) {
    io.out(JSON.stringify({ ...r, items: r.items.map((i) => (ended?.has(i.id) ? { ...i, status: ended.get(i.id) } : i)) }));
    return;
  }
  const head = r.dryRun ? `would redrive ${r.items.length} run(s)` : ended ? `redrove ${r.accepted} run(s)` : `redriving ${r.accepted} run(s) at ${r.ratePerSecond}/s`;
  io.out(head + (r.items.length ? ':' : ''));
  for (const i of r.items) io.out(`  ${i.id}  ${i.workflow}:${i.version ?? ''}  ${ended?.get(i.id) ?? i.status}${i.errorType ? `  ${i.errorType}` : ''}`);
}

export function runsRedriveMatching(o: BulkRedriveFlags, io: Io): Promise<number> {
  let q: BulkRedriveQuery;
  try {
    q = bulkQueryOf(o);
  } catch (err) {
    const problem = problemOf(err);
    reportProblem(io, problem, o.json);
    return Promise.resolve(exitStatusOf(problem));
  }
  return withPlatform(o, io, async (platform) => {
    const { done, ...answer } = await platform.runs.redriveMatching(q, { dryRun: o.dryRun === true });
    if (answer.dryRun || serverOf(o) !== undefined) {
      say(io, o, answer);
      return 0;
    }
    // This process drives the runs: wait for the last redrive, then for every run to end.
    await done;
    const ended = new Map<string, string>();
    for (const i of answer.items) {
      let r = await platform.runs.get(i.id);
      while (!TERMINAL.has(r.status)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        r = await platform.runs.get(i.id);
      }
      ended.set(i.id, r.status);
    }
    say(io, o, answer, ended);
    return 0;
  });
}

/** Reports a usage problem (exit 2). */
export function reportUsage(io: Io, o: Target, detail: string): number {
  const problem = bad(detail);
  reportProblem(io, problem, o.json);
  return exitStatusOf(problem);
}
