/**
 * The mocks a task test starts from: one placeholder per effect a first test without mocks showed (the
 * pending ones, and those answered at once), keyed by the pointer of the task performing it; several
 * effects of one task (the iterations of a `for`) become an `each` list. Framework-free, unit-tested.
 */
import type { TestEffectView } from '../../../../src/contracts/index.js';

/** What a result of each effect kind looks like, for the person to fill in. */
function placeholder(e: TestEffectView): unknown {
  switch (e.kind) {
    case 'http':
      return { status: 200, body: {} };
    case 'timer':
      return null;
    case 'emit':
      return (e.request as { event?: unknown } | null)?.event ?? {};
    default:
      return {};
  }
}

export function mockSkeleton(effects: TestEffectView[], current: Record<string, unknown> = {}): Record<string, unknown> {
  const byPointer = new Map<string, unknown[]>();
  for (const e of effects) {
    if (!e.pending || e.pointer in current || e.key in current) continue;
    byPointer.set(e.pointer, [...(byPointer.get(e.pointer) ?? []), placeholder(e)]);
  }
  const out: Record<string, unknown> = { ...current };
  for (const [pointer, results] of byPointer) out[pointer] = results.length === 1 ? results[0] : { each: results };
  return out;
}
