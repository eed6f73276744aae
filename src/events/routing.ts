/**
 * Which subscriptions an event goes to: attribute equality (type, source, subject) and an optional jq
 * condition on the whole event. Conditions compile once per subscription; one that fails to evaluate
 * on an event does not match (the event is still stored).
 */
import type { CloudEvent, Subscription } from '../ports/index.js';
import { type Json, compile } from '../expr/index.js';
import { expressionText } from '../contracts/index.js';
import { EVENT_ERROR_CODES, EventError } from './errors.js';

interface Compiled {
  sub: Subscription;
  condition?: (e: Json) => boolean;
}

function compileCondition(sub: Subscription): ((e: Json) => boolean) | undefined {
  const src = sub.filter.condition;
  if (src === undefined) return undefined;
  const text = expressionText(src);
  let program: ReturnType<typeof compile>;
  try {
    program = compile(text);
  } catch (err) {
    throw new EventError(EVENT_ERROR_CODES.config, `subscription ${sub.name}: the condition does not compile: ${(err as Error).message}`, { pointer: '/filter/condition' }, { cause: err });
  }
  return (e) => {
    try {
      const v = program.first(e);
      return v !== undefined && v !== null && v !== false;
    } catch {
      return false;
    }
  };
}

/** Checks a subscription's shape before it is stored (the condition must compile). */
export function checkSubscription(sub: Subscription): void {
  compileCondition(sub);
}

export class Router {
  private compiled: Compiled[] = [];

  /** Replaces the routing table (subscriptions as stored). */
  load(subs: Subscription[]): void {
    this.compiled = subs.map((sub) => ({ sub, condition: compileCondition(sub) }));
  }

  get subscriptions(): Subscription[] {
    return this.compiled.map((c) => c.sub);
  }

  /** Names of the subscriptions `event` matches. */
  route(event: CloudEvent): string[] {
    const out: string[] = [];
    for (const { sub, condition } of this.compiled) {
      const f = sub.filter;
      if (f.type !== undefined && f.type !== event.type) continue;
      if (f.source !== undefined && f.source !== event.source) continue;
      if (f.subject !== undefined && f.subject !== event.subject) continue;
      if (condition && !condition(event as unknown as Json)) continue;
      out.push(sub.name);
    }
    return out;
  }

  get(name: string): Subscription | undefined {
    return this.compiled.find((c) => c.sub.name === name)?.sub;
  }
}
