/**
 * Matching events against `listen` filters. Attribute values in `with` match by equality, by a regular
 * expression matching the whole value (on RE2, dsl/ecma-pattern.ts, so that a hostile pattern cannot hold
 * the event loop), or — for `${ }` values — by a jq condition evaluated on the attribute. Correlations compare a value extracted from the event with the expected one.
 * Pure: the driver calls it; the run only ever sees matched events through the journal.
 */
import { ecmaPattern } from '../../dsl/index.js';
import { type Json, compile, equals } from '../../expr/index.js';
import type { EventFilterSpec } from './effects.js';
import { isExpression, jqText } from './expressions.js';

function matchesValue(expected: Json, actual: Json | undefined): boolean {
  if (isExpression(expected)) {
    try {
      const v = compile(jqText(expected)).first(actual ?? null);
      return v !== undefined && v !== null && v !== false;
    } catch {
      return false;
    }
  }
  if (actual === undefined) return false;
  if (typeof expected === 'string' && typeof actual === 'string') {
    if (expected === actual) return true;
    try {
      return ecmaPattern(`^(?:${expected})$`).test(actual); // RE2: linear in the event's value
    } catch {
      return false;
    }
  }
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected) && actual !== null && typeof actual === 'object' && !Array.isArray(actual)) {
    return Object.entries(expected).every(([k, v]) => matchesValue(v, (actual as Record<string, Json>)[k]));
  }
  return equals(expected, actual);
}

/** The correlation values of an event, or null when a `from` expression fails. */
function correlationValue(from: string, event: Record<string, Json>): Json | undefined {
  try {
    return compile(jqText(from)).first(event);
  } catch {
    return undefined;
  }
}

export function matchesFilter(f: EventFilterSpec, event: Record<string, Json>): boolean {
  if (!Object.entries(f.with).every(([attr, expected]) => matchesValue(expected, event[attr]))) return false;
  for (const c of Object.values(f.correlate ?? {})) {
    if (c.expect === undefined) continue;
    const v = correlationValue(c.from, event);
    if (v === undefined || !equals(v, c.expect)) return false;
  }
  return true;
}

/** The correlation values an event carries for a filter (to fix the expectations of the next ones). */
export function correlationsOf(f: EventFilterSpec, event: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [name, c] of Object.entries(f.correlate ?? {})) out[name] = correlationValue(c.from, event) ?? null;
  return out;
}
