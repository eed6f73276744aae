/** Events and routers the event-log contract suites build their cases from. */
import type { CloudEvent } from '../../ports/index.js';

export const T0 = 1_700_000_000_000;

export function cloudEvent(id: string, over: Partial<CloudEvent> = {}): CloudEvent {
  return { specversion: '1.0', id, source: '/shop', type: 'order.created', data: { n: 1 }, ...over };
}

/** A route that sends every event to `names`, recording the ids it was called with. */
export function routeTo(...names: string[]): ((e: CloudEvent) => string[]) & { calls: string[] } {
  const calls: string[] = [];
  return Object.assign((e: CloudEvent) => (calls.push(`${e.source}#${e.id}`), names), { calls });
}
