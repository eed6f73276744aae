/**
 * The journal's records and run statuses are contracts (src/contracts): the engine, stores and API share
 * them. Here: the journal as replay sees it after redrives.
 */
import type { Json } from '../../shared/index.js';
import type { JournalEntry } from '../../contracts/index.js';
export type { JournalEntry, RunStatus } from '../../contracts/index.js';
export { TERMINAL } from '../../contracts/index.js';

type Outcome = Extract<JournalEntry, { kind: 'resolved' | 'failed' }>;
const isOutcome = (e: JournalEntry): e is Outcome => e.kind === 'resolved' || e.kind === 'failed';

/**
 * The journal as replay sees it. Before the latest `redriven` entry only `started` and outcomes stay
 * (the terminal entry, suspensions and cancellations there are history); an outcome whose key a later
 * `redriven` entry supersedes is dropped. Without a `redriven` entry the journal is returned as is.
 */
export function effectiveJournal(journal: JournalEntry[]): JournalEntry[] {
  const last = journal.findLastIndex((e) => e.kind === 'redriven');
  if (last < 0) return journal;
  const superseded = new Set<string>();
  const out: JournalEntry[] = [];
  for (let i = journal.length - 1; i >= 0; i--) {
    const e = journal[i];
    if (e.kind === 'redriven') {
      for (const k of e.superseded) superseded.add(k);
      continue;
    }
    if (i > last || e.kind === 'started' || (isOutcome(e) && !superseded.has(e.key))) out.push(e);
  }
  return out.reverse();
}

/** The run's input as of the journal's end: the latest patched input of a redrive, else the started one. */
export function journalInput(journal: JournalEntry[]): Json {
  for (let i = journal.length - 1; i >= 0; i--) {
    const e = journal[i];
    if (e.kind === 'redriven' && e.input !== undefined) return e.input;
    if (e.kind === 'started') return e.input;
  }
  throw new Error('journal has no started entry');
}

