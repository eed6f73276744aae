/**
 * Multi-node mode: the platform hooks across nodes, through this process's ClusterMember.
 *   out  event.stored (here)         → the other nodes deliver and hand them to their `listen` tasks
 *        workflow.registered,
 *        catalog.changed (here)      → every node reloads subscriptions and schedules
 *        run.ended                   → whoever awaits the run (a parent run, a sync caller) hears of it
 *        run.abandoned               → the run's lease is given back, so another node takes it now
 *   in   the `events` and `catalog` notifications come back as event.stored / catalog.changed with
 *        `origin: 'cluster'` (events/triggers.ts acts on them).
 * Subscribe it after the events triggers (compose.ts): other nodes then hear of a registration once this
 * node has stored its webhook and schedule.
 */
import type { ClusterMember } from '../engine/index.js';
import type { Hooks } from './hooks.js';

/** The ClusterMember's callbacks, as hooks: what it hears from other nodes, and its background failures. */
export function memberHooks(hooks: Hooks): { onEvents: () => void; onCatalog: () => void; onError: (err: unknown, context: string) => void } {
  return {
    onEvents: () => hooks.emit('event.stored', { events: [], origin: 'cluster' }),
    onCatalog: () => hooks.emit('catalog.changed', { origin: 'cluster' }),
    onError: (err, context) => hooks.emit('error', { err, context }),
  };
}

/** Tells the other nodes what the hooks say happened here; returns the unsubscribe function. */
export function relayToCluster(hooks: Hooks, member: ClusterMember): () => void {
  const off = [
    hooks.on('event.stored', (s) => {
      if (s.origin === 'local') member.eventsStored();
    }),
    hooks.on('workflow.registered', () => member.catalogChanged()),
    hooks.on('catalog.changed', (c) => {
      if (c.origin === 'local') void member.catalogChanged();
    }),
    hooks.on('run.ended', (run) => member.runEnded(run.id)),
    hooks.on('run.abandoned', (a) => member.abandoned(a.runId)),
  ];
  return () => off.forEach((f) => f());
}
