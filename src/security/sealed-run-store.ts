/**
 * The run store as the engine and the platform use it, with run data that holds a secret sealed at rest
 * (data-seal.ts): the journal's payloads (a run's input, effect outcomes, its output and errors) and the
 * run record's input, output and error are sealed on the way in and opened on the way out, bound to the
 * run's id. The adapters below keep what they are given; timers carry no data and pass through.
 */
import type { JournalEntry, Problem } from '../contracts/index.js';
import type { RunRecord, Store } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import type { DataSeal } from './data-seal.js';

const contextOf = (runId: string) => `run:${runId}`;

export function sealedRunStore(store: Store, seal: DataSeal): Store {
  const sealProblem = (p: Problem, ctx: string) => seal.seal(p as unknown as Json, ctx) as unknown as Problem;
  const openProblem = async (p: Problem, ctx: string) => (await seal.open(p as unknown as Json, ctx)) as unknown as Problem;

  const sealEntry = (e: JournalEntry, ctx: string): JournalEntry => {
    switch (e.kind) {
      case 'started':
        return { ...e, input: seal.seal(e.input, ctx) };
      case 'resolved':
        return { ...e, value: seal.seal(e.value, ctx) };
      case 'completed':
        return { ...e, output: seal.seal(e.output, ctx) };
      case 'failed':
      case 'faulted':
        return { ...e, error: sealProblem(e.error, ctx) };
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
    createRun(run, started) {
      if (!seal.enabled) return store.createRun(run, started);
      const ctx = contextOf(run.id);
      return store.createRun({ ...run, input: seal.seal(run.input, ctx) }, sealEntry(started, ctx));
    },
    append(runId, entries) {
      if (!seal.enabled) return store.append(runId, entries);
      const ctx = contextOf(runId);
      return store.append(runId, entries.map((e) => sealEntry(e, ctx)));
    },
    async getRun(id) {
      const r = await store.getRun(id);
      return r && seal.enabled ? openRun(r) : r;
    },
    async listRuns(filter) {
      const rows = await store.listRuns(filter);
      return seal.enabled ? Promise.all(rows.map(openRun)) : rows;
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
