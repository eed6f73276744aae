/** Run records the run-store contract suites build their cases from. */
import type { RunRecord } from '../../ports/index.js';

const T0 = 1_700_000_000_000;

export function runRecord(id: string, over: Partial<RunRecord> = {}): RunRecord {
  return { id, namespace: 'default', name: 'flow', version: '1.0.0', definition: { do: [] }, input: { n: 1 }, status: 'running', createdAt: T0, ...over };
}

