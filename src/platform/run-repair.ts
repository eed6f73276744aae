/**
 * Redrive and rerun as the API offers them: the checks an operator needs answered with a clear problem
 * (the run's status, the version, the patch, the task pointer), then the engine's redrive or rerun
 * (engine/runtime/repair.ts). What a run shows of its repairs (`redrives`, `origin`) comes from its journal.
 */
import type { Json } from '../shared/index.js';
import { LIVE } from '../contracts/index.js';
import type { JournalEntry } from '../contracts/index.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, type Engine, compatibleUpTo, oversize, taskPointers } from '../engine/index.js';
import type { RunRecord } from '../ports/index.js';
import { API_ERROR_CODES, ApiError, notFound } from './errors.js';
import type { Workflows } from './workflows.js';

export interface RepairRequest {
  /** Continue on this version of the run's workflow. */
  version?: string;
  /** A JSON merge patch (RFC 7386) applied to the run's input. */
  patch?: Json;
  /** Who asks (the principal), listed with the run's redrives. */
  by?: string;
}

export interface RedriveRecord {
  at: string;
  by?: string;
  version?: string;
  patched?: boolean;
}

/** RFC 7386: objects merge key by key, `null` removes a key, anything else replaces the target. */
export function mergePatch(target: Json, patch: Json): Json {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, Json> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v);
  }
  return out;
}

/** What the run shows of its repairs, from its journal. */
export function repairsOf(journal: JournalEntry[]): { redrives?: RedriveRecord[]; origin?: { run: string; from: string } } {
  const redrives = journal.flatMap((e): RedriveRecord[] =>
    e.kind === 'redriven' ? [{ at: new Date(e.at).toISOString(), ...(e.by ? { by: e.by } : {}), ...(e.version ? { version: e.version } : {}), ...(e.patched ? { patched: true } : {}) }] : [],
  );
  const started = journal.find((e) => e.kind === 'started');
  const origin = started?.kind === 'started' ? started.origin : undefined;
  return { ...(redrives.length ? { redrives } : {}), ...(origin ? { origin } : {}) };
}

export class RunRepair {
  constructor(private readonly o: { engine: Engine; workflows: Workflows; maxPayloadBytes?: number }) {}

  /** Redrives a faulted or cancelled run (the same id). */
  async redrive(r: RunRecord, req: RepairRequest): Promise<void> {
    if (r.status !== 'faulted' && r.status !== 'cancelled') {
      throw new ApiError(API_ERROR_CODES.notRepairable, `cannot redrive run ${r.id}: it is ${r.status}; only a faulted or cancelled run can be redriven`);
    }
    const version = await this.version(r, req.version);
    const input = this.patched(r, req.patch);
    // Where the run stopped, on the definition it ran: the tasks before it must be the same in the new version.
    if (version) this.compatible(r, version, (await this.o.engine.redrivePlan(r.id)).pointer);
    try {
      await this.o.engine.redrive(r.id, { ...(req.by ? { by: req.by } : {}), ...(version ? { version } : {}), ...(input !== undefined ? { input } : {}) });
    } catch (err) {
      // Another redrive (or a cancel) got there first: the store refused this one.
      if ((err as { code?: string }).code === 'WEFT_ERR_STORE_CONFLICT') throw new ApiError(API_ERROR_CODES.notRepairable, `cannot redrive run ${r.id}: ${(err as Error).message}`, {}, { cause: err });
      throw err;
    }
  }

  /** Starts a new run from task `from` of an ended run; returns its id. */
  async rerun(r: RunRecord, req: RepairRequest & { from: string }): Promise<string> {
    if ((LIVE as readonly string[]).includes(r.status)) {
      throw new ApiError(API_ERROR_CODES.notRepairable, `cannot rerun run ${r.id}: it is ${r.status}; rerun an ended run (cancel it first)`);
    }
    const version = await this.version(r, req.version);
    const definition = version?.definition ?? r.definition;
    if (!taskPointers(definition).includes(req.from)) {
      throw new ApiError(API_ERROR_CODES.badPointer, `${JSON.stringify(req.from)} is not a task of ${r.namespace}/${r.name}:${version?.version ?? r.version}`, { pointer: '/from' });
    }
    if (version) this.compatible(r, version, req.from);
    const input = this.patched(r, req.patch);
    return this.o.engine.rerun(r.id, { from: req.from, ...(version ? { version } : {}), ...(input !== undefined ? { input } : {}) });
  }

  private async version(r: RunRecord, version: string | undefined): Promise<{ version: string; definition: Record<string, Json> } | undefined> {
    if (version === undefined || version === r.version) return undefined;
    const wf = await this.o.workflows.definition(r.namespace, r.name, version).catch((err: unknown) => {
      throw err instanceof ApiError ? err : notFound(`workflow ${r.namespace}/${r.name} version ${version}`);
    });
    return { version, definition: wf.definition };
  }

  private compatible(r: RunRecord, version: { version: string; definition: Record<string, Json> }, pointer: string | undefined): void {
    const c = compatibleUpTo(r.definition, version.definition, pointer);
    if (!c.ok) {
      throw new ApiError(API_ERROR_CODES.versionIncompatible, `run ${r.id} cannot continue on ${r.namespace}/${r.name}:${version.version}: ${c.reason}`, { pointer: '/version' });
    }
  }

  private patched(r: RunRecord, patch: Json | undefined): Json | undefined {
    if (patch === undefined) return undefined;
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw new ApiError(API_ERROR_CODES.badPatch, 'patch must be a JSON object (a JSON merge patch of the run input)', { pointer: '/patch' });
    }
    const input = mergePatch(r.input, patch);
    const limit = this.o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    const bytes = oversize(input, limit);
    if (bytes !== undefined) throw new ApiError(API_ERROR_CODES.badPatch, `the patched input is ${bytes} bytes, over the ${limit}-byte payload limit`, { pointer: '/patch' });
    return input;
  }
}
