/**
 * `weft runs redrive <id>` and `weft runs rerun <id> --from <pointer>` (docs/repair.md), against a running
 * server (`--server <url>`, WEFT_SERVER) or a local database (`--db`): the same platform slice
 * (cli-platform.ts), so both answer with the run and the same problems. A server drives the run and the
 * command answers at once; with a local database this process drives it, so the command waits for the run
 * to end (as `weft run` does) and prints it ended. Exit 0 done, 2 refused (state, version, patch, pointer),
 * 3 failures.
 */
import { readFileSync } from 'node:fs';
import type { Json } from '../shared/index.js';
import type { RunView } from '../platform/index.js';
import { type CliPlatform, type Target, serverOf, withPlatform } from './cli-platform.js';
import { TERMINAL } from '../contracts/index.js';
import { type Io, exitStatusOf, problemOf, reportProblem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';

export interface RepairFlags extends Target {
  version?: string;
  patch?: string;
  patchFile?: string;
}

/** `--patch <json>` or `--patch-file <file>`: a JSON merge patch of the run's input. */
function patchOf(o: RepairFlags): Json | undefined {
  if (o.patch !== undefined && o.patchFile !== undefined) throw usageProblem(CLI_ERROR_CODES.arg, 'use either --patch or --patch-file, not both');
  const text = o.patch ?? (o.patchFile !== undefined ? readFileSync(o.patchFile, 'utf8') : undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw Object.assign(usageProblem(CLI_ERROR_CODES.arg, `the patch is not JSON: ${(err as Error).message}`), { cause: String(err) });
  }
}

function say(io: Io, o: Target, run: RunView, what: string): void {
  io.out(o.json ? JSON.stringify(run) : `${what}: run ${run.id} is ${run.status} (${run.workflow}:${run.version})`);
}

function withRepair(o: RepairFlags, io: Io, f: (req: { version?: string; patch?: Json }) => Promise<number>): Promise<number> {
  let patch: Json | undefined;
  try {
    patch = patchOf(o);
  } catch (err) {
    const problem = problemOf(err);
    reportProblem(io, problem, o.json);
    return Promise.resolve(exitStatusOf(problem));
  }
  return f({ ...(o.version ? { version: o.version } : {}), ...(patch !== undefined ? { patch } : {}) });
}

/** Locally this process drives the run: it waits for the end before closing the database. */
async function settled(platform: CliPlatform, o: Target, run: RunView): Promise<RunView> {
  if (serverOf(o) !== undefined) return run;
  let r = run;
  while (!TERMINAL.has(r.status)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    r = await platform.runs.get(r.id);
  }
  return r;
}

export function runsRedrive(id: string, o: RepairFlags, io: Io): Promise<number> {
  return withRepair(o, io, (req) =>
    withPlatform(o, io, async (platform) => {
      say(io, o, await settled(platform, o, await platform.runs.redrive(id, req)), 'redriven');
      return 0;
    }),
  );
}

export function runsRerun(id: string, o: RepairFlags & { from: string }, io: Io): Promise<number> {
  return withRepair(o, io, (req) =>
    withPlatform(o, io, async (platform) => {
      const run = await settled(platform, o, await platform.runs.rerun(id, { ...req, from: o.from }));
      say(io, o, run, `rerun of ${id} from ${o.from}`);
      return 0;
    }),
  );
}
