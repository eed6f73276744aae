/**
 * `emit`: publishes the task's CloudEvent on the bus (id `<run>:<key>`, so a replayed emit is the same
 * event); the outcome is the event as published.
 */
import type { Json } from '../../../shared/index.js';
import type { Effect } from '../../core/effects.js';
import type { CloudEvent } from '../../../ports/index.js';
import type { Performer } from './performer.js';

export const emitPerformer: Performer<Extract<Effect, { kind: 'emit' }>> = {
  perform: (e, ctx) => {
    const event: CloudEvent = {
      specversion: '1.0',
      id: `${ctx.runId}:${e.key}`,
      source: ctx.source,
      time: new Date(ctx.ports.clock.now()).toISOString(),
      // The trace continues into every subscriber (CloudEvents distributed tracing extension).
      traceparent: ctx.traceparent(e.pointer),
      ...(e.event as Record<string, Json>),
    } as unknown as CloudEvent;
    if (event.data !== undefined && event.datacontenttype === undefined) event.datacontenttype = 'application/json';
    return ctx.ports.bus.publish(event).then(() => event as unknown as Json);
  },
};
