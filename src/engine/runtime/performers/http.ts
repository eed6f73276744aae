/** `http` (call: http, call: openapi): one request through the HttpClient port, idempotency key `<run>:<key>`. */
import type { Json } from '../../../shared/index.js';
import type { Effect } from '../../core/effects.js';
import type { Performer } from './performer.js';

export const httpPerformer: Performer<Extract<Effect, { kind: 'http' }>> = {
  perform: (e, ctx) => ctx.ports.http.request({ ...e.request, idempotencyKey: ctx.idempotencyKey(e.key), traceparent: ctx.traceparent(e.pointer) }) as unknown as Promise<Json>,
};
