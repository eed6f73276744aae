/**
 * The engine as a pure function: definition + journal in, state + commands out. Used by tests
 * (journal-in/commands-out tables) and by anything that needs a run's state without running it.
 */
import type { Json } from '../../shared/index.js';
import type { Effect } from './effects.js';
import type { Problem } from './errors.js';
import { type JournalEntry, journalInput } from './journal.js';
import { type LifecycleEvent, RunMachine } from './machine.js';

export interface Advanced {
  status: 'running' | 'completed' | 'faulted';
  output?: Json;
  error?: Problem;
  /** Effects the run waits on that the journal has no outcome for: the commands to perform. */
  commands: Effect[];
  /** Lifecycle events produced after the last journaled outcome. */
  events: LifecycleEvent[];
}

export function advance(runId: string, definition: Record<string, Json>, journal: JournalEntry[], o: { secrets?: Record<string, Json> } = {}): Advanced {
  const started = journal.find((e) => e.kind === 'started');
  if (!started || started.kind !== 'started') throw new Error('journal has no started entry');
  const events: LifecycleEvent[] = [];
  const m = new RunMachine({ runId, definition, input: journalInput(journal), startedAt: started.at, onEvent: (e) => events.push(e), ...(o.secrets ? { secrets: () => o.secrets! } : {}) });
  const s = m.replay(journal);
  if (s.status === 'completed') return { status: 'completed', output: s.output, commands: [], events };
  if (s.status === 'faulted') return { status: 'faulted', error: s.error, commands: [], events };
  return { status: 'running', commands: s.pending, events };
}
