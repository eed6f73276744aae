/**
 * Running a subscription's or webhook's target: start a workflow (the event, or a jq mapping of it, as
 * input) or invoke a function. The idempotency key makes a repeated delivery start nothing new: a run
 * per (workflow, key) exists at most once (the store's unique index).
 */
import type { Platform, RunView } from '../platform/index.js';
import type { SubscriptionTarget } from '../ports/index.js';
import { type Json, compile } from '../expr/index.js';
import { expressionText } from '../contracts/index.js';
import { EVENT_ERROR_CODES, EventError } from './errors.js';

export type TargetOutcome = { kind: 'run'; run: RunView } | { kind: 'function'; version: string; output: Json };

const mappings = new Map<string, ReturnType<typeof compile>>();

/** The target's input: `input` (jq, `${ }` optional) applied to `value`, or `value` itself. */
export function mapInput(mapping: string | undefined, value: Json): Json {
  if (mapping === undefined) return value;
  let p = mappings.get(mapping);
  if (!p) {
    const t = mapping.trim();
    try {
      p = compile(expressionText(t));
    } catch (err) {
      throw new EventError(EVENT_ERROR_CODES.config, `the input mapping does not compile: ${(err as Error).message}`, { pointer: '/target/input' }, { cause: err });
    }
    mappings.set(mapping, p);
  }
  return p.first(value) ?? null;
}

/** Checks a target's shape and mapping before it is stored. */
export function checkTarget(t: SubscriptionTarget): void {
  const ok = ('workflow' in t && typeof t.workflow?.namespace === 'string' && typeof t.workflow?.name === 'string') || ('function' in t && typeof t.function?.name === 'string');
  if (!ok) throw new EventError(EVENT_ERROR_CODES.config, 'target needs {workflow: {namespace, name, version?}} or {function: {name, ref?}}', { pointer: '/target' });
  mapInput(t.input, null);
}

export async function runTarget(
  platform: Pick<Platform, 'runs' | 'functions'>,
  target: SubscriptionTarget,
  value: Json,
  o: { idempotencyKey: string; traceparent?: string; waitMs?: number },
): Promise<TargetOutcome> {
  const input = mapInput(target.input, value);
  const trace = o.traceparent ? { traceparent: o.traceparent } : {};
  if ('workflow' in target) {
    const w = target.workflow;
    const { run } = await platform.runs.start({ namespace: w.namespace, name: w.name, ...(w.version ? { version: w.version } : {}), input, idempotencyKey: o.idempotencyKey, ...trace, ...(o.waitMs ? { waitMs: o.waitMs } : {}) });
    return { kind: 'run', run };
  }
  const f = target.function;
  const r = await platform.functions.invoke({ name: f.name, ...(f.ref ? { ref: f.ref } : {}), input, idempotencyKey: o.idempotencyKey, ...trace });
  return { kind: 'function', version: r.version, output: r.output };
}
