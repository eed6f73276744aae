/**
 * Function invocation records (timing, logs, errors) are only ever shown, never replayed: a secret value
 * in a log line or an error message is masked before the record is stored, so it is not on disk at all.
 */
import type { FunctionInvocation, InvocationStore } from '../ports/index.js';
import type { Json } from '../shared/index.js';

export function redactedInvocations(store: InvocationStore, redact: <T extends Json>(value: T) => T): InvocationStore {
  return {
    recordInvocation: (r) => store.recordInvocation(redact(r as unknown as Json) as unknown as FunctionInvocation),
    listInvocations: (name, limit) => store.listInvocations(name, limit),
  };
}
