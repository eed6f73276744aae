/**
 * A run's lifecycle events rebuilt from its journal: the machine is driven through the journaled
 * outcomes one by one with events on (a replay would suppress them), so task events come back exactly as
 * they happened live. Times are those of the journal entry that caused them.
 */
import type { Json } from '../shared/index.js';
import type { JournalEntry } from '../contracts/index.js';
import { type LifecycleEvent, RunMachine, effectiveJournal } from '../engine/index.js';
import type { CloudEvent, RunRecord } from '../ports/index.js';
import type { RuntimeInfo } from '../engine/index.js';

const WORKFLOW_EVENT: Partial<Record<JournalEntry['kind'], string>> = {
  completed: 'completed',
  faulted: 'faulted',
  cancelled: 'cancelled',
  suspended: 'suspended',
  resumed: 'resumed',
};

export function runEvents(run: RunRecord, all: JournalEntry[], o: { source: string; runtime?: RuntimeInfo; secrets?: () => Record<string, Json> }): CloudEvent[] {
  const out: CloudEvent[] = [];
  let at = run.createdAt;
  const push = (type: string, data: Record<string, Json>) =>
    out.push({
      specversion: '1.0',
      id: `${run.id}:${out.length + 1}`,
      source: o.source,
      type,
      time: new Date(at).toISOString(),
      datacontenttype: 'application/json',
      subject: run.id,
      data: { workflow: `${run.namespace}/${run.name}:${run.version}`, run: run.id, ...data },
    });
  // After a redrive: the run as it goes on (its old end and superseded attempts are history).
  const journal = effectiveJournal(all);
  const started = journal.find((e) => e.kind === 'started');
  if (!started) return out;
  at = started.at;
  push('io.serverlessworkflow.workflow.started.v1', { input: run.input });
  const machine = new RunMachine({
    runId: run.id,
    definition: run.definition,
    input: run.input,
    startedAt: started.at,
    runtime: o.runtime,
    secrets: o.secrets,
    onEvent: (e: LifecycleEvent) => push(e.type, e.data),
  });
  machine.follow(journal);
  machine.start();
  for (const e of journal) {
    at = e.at;
    if (e.kind === 'resolved') machine.resolve({ key: e.key, value: e.value });
    else if (e.kind === 'failed') machine.resolve({ key: e.key, error: e.error });
    else if (e.kind === 'completed') push('io.serverlessworkflow.workflow.completed.v1', { output: e.output });
    else if (e.kind === 'faulted') push('io.serverlessworkflow.workflow.faulted.v1', { error: e.error as unknown as Json });
    else if (WORKFLOW_EVENT[e.kind]) push(`io.serverlessworkflow.workflow.${WORKFLOW_EVENT[e.kind]}.v1`, 'reason' in e && e.reason ? { reason: e.reason } : {});
  }
  return out;
}
