/**
 * The run store as the engine and the platform use it, with run data that holds a secret sealed at rest
 * (data-seal.ts): the journal's payloads (a run's input, effect outcomes, its output and errors) and the
 * run record's input, output and error are sealed on the way in and opened on the way out, bound to the
 * run's id. The adapters below keep what they are given; timers carry no data and pass through.
 *
 * What the workflow's input and output schemas mark `x-weft-sensitive` is sealed the same way: a live
 * run's sensitive values (from its input, from what the functions it calls mark in theirs, then from its
 * output) are looked for in everything it journals.
 */
import { type JournalEntry, type Problem, TERMINAL as TERMINAL_STATUS } from '../contracts/index.js';
import type { RunRecord, Store } from '../ports/index.js';
import { sensitive, workflowSchemas } from '../dsl/index.js';
import { markedBy } from '../platform/index.js';
import type { Json } from '../shared/index.js';
import type { DataSeal } from './data-seal.js';

const TERMINAL = new Set<JournalEntry['kind']>(['completed', 'faulted', 'cancelled']);

const contextOf = (runId: string) => `run:${runId}`;

export function sealedRunStore(store: Store, seal: DataSeal): Store {
  /** Live runs whose schemas mark something sensitive: their output schema and the values seen so far. */
  const live = new Map<string, { output?: Json; values: string[] }>();
  const remember = (r: Pick<RunRecord, 'id' | 'definition' | 'input'>) => {
    const schemas = workflowSchemas(r.definition);
    if (schemas.input === undefined && schemas.output === undefined) return;
    live.set(r.id, { ...(schemas.output !== undefined ? { output: schemas.output } : {}), values: sensitive(schemas.input, r.input).values });
  };
  const extraOf = (runId: string, entries: readonly JournalEntry[]): string[] => {
    let l = live.get(runId);
    for (const e of entries) {
      // A function call's outcome names what the function's schemas mark (FunctionResult.sensitive).
      const marked = e.kind === 'resolved' ? markedBy(e.value) : [];
      if (marked.length) live.set(runId, (l ??= { values: [] }));
      l?.values.push(...marked);
      if (l && e.kind === 'completed') l.values.push(...sensitive(l.output, e.output).values);
    }
    return l?.values ?? [];
  };
  // A live run read to be driven again (recovery, another node's takeover): its sensitive values, again.
  const track = (r: RunRecord): RunRecord => {
    if (!TERMINAL_STATUS.has(r.status) && !live.has(r.id)) remember(r);
    return r;
  };
  const sealProblem = (p: Problem, ctx: string, extra: readonly string[]) => seal.seal(p as unknown as Json, ctx, extra) as unknown as Problem;
  const openProblem = async (p: Problem, ctx: string) => (await seal.open(p as unknown as Json, ctx)) as unknown as Problem;

  const sealEntry = (e: JournalEntry, ctx: string, extra: readonly string[]): JournalEntry => {
    switch (e.kind) {
      case 'started':
        return { ...e, input: seal.seal(e.input, ctx, extra) };
      case 'resolved':
        return { ...e, value: seal.seal(e.value, ctx, extra) };
      case 'completed':
        return { ...e, output: seal.seal(e.output, ctx, extra) };
      case 'failed':
      case 'faulted':
        return { ...e, error: sealProblem(e.error, ctx, extra) };
      case 'redriven':
        return e.input === undefined ? e : { ...e, input: seal.seal(e.input, ctx, extra) };
      default:
        return e;
    }
  };
  const openEntry = async (e: JournalEntry, ctx: string): Promise<JournalEntry> => {
    switch (e.kind) {
      case 'started':
        return { ...e, input: await seal.open(e.input, ctx) };
      case 'resolved':
        return { ...e, value: await seal.open(e.value, ctx) };
      case 'completed':
        return { ...e, output: await seal.open(e.output, ctx) };
      case 'failed':
      case 'faulted':
        return { ...e, error: await openProblem(e.error, ctx) };
      case 'redriven':
        return e.input === undefined ? e : { ...e, input: await seal.open(e.input, ctx) };
      default:
        return e;
    }
  };
  const openRun = async (r: RunRecord): Promise<RunRecord> => {
    const ctx = contextOf(r.id);
    const opened: RunRecord = { ...r, input: await seal.open(r.input, ctx) };
    if (r.output !== undefined) opened.output = await seal.open(r.output, ctx);
    if (r.error !== undefined) opened.error = await openProblem(r.error, ctx);
    return opened;
  };

  return {
    createRun(run, started, copied) {
      if (!seal.enabled) return store.createRun(run, started, copied);
      const ctx = contextOf(run.id);
      remember(run);
      const extra = extraOf(run.id, copied ?? []);
      return store.createRun({ ...run, input: seal.seal(run.input, ctx, extra) }, sealEntry(started, ctx, extra), copied?.map((e) => sealEntry(e, ctx, extra)));
    },
    append(runId, entries) {
      if (!seal.enabled) return store.append(runId, entries);
      const ctx = contextOf(runId);
      const extra = extraOf(runId, entries);
      if (entries.some((e) => TERMINAL.has(e.kind))) live.delete(runId);
      // A redriven run is live again: its sensitive values are looked for again (from its new input).
      const redriven = entries.find((e) => e.kind === 'redriven');
      if (redriven?.kind === 'redriven' && redriven.definition && redriven.input !== undefined) remember({ id: runId, definition: redriven.definition, input: redriven.input });
      return store.append(runId, entries.map((e) => sealEntry(e, ctx, extra)));
    },
    async getRun(id) {
      const r = await store.getRun(id);
      if (!r || !seal.enabled) return r;
      return track(await openRun(r));
    },
    async listRuns(filter) {
      const rows = await store.listRuns(filter);
      return seal.enabled ? Promise.all(rows.map(async (r) => track(await openRun(r)))) : rows;
    },
    async journal(runId) {
      const entries = await store.journal(runId);
      if (!seal.enabled) return entries;
      const ctx = contextOf(runId);
      return Promise.all(entries.map((e) => openEntry(e, ctx)));
    },
    putTimer: (runId, key, fireAt) => store.putTimer(runId, key, fireAt),
    deleteTimer: (runId, key) => store.deleteTimer(runId, key),
    close: () => store.close(),
  };
}

