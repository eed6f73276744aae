/**
 * Who used which version of a secret (`GET …/secrets/{name}/usage`), arranged for the "Used by" panel:
 * one group per version, newest first, its readers most recent first. Pure: unit-tested.
 */
import type { SecretUsageView } from '../../../../src/contracts/index.js';

export type SecretUsage = SecretUsageView;

export interface UsageGroup {
  version: number;
  readers: SecretUsage[];
  /** Reads of this version, all readers together. */
  total: number;
}

export function usageByVersion(items: readonly SecretUsage[]): UsageGroup[] {
  const groups = new Map<number, SecretUsage[]>();
  for (const u of items) groups.set(u.version, [...(groups.get(u.version) ?? []), u]);
  return [...groups]
    .sort(([a], [b]) => b - a)
    .map(([version, readers]) => ({
      version,
      readers: [...readers].sort((a, b) => Date.parse(b.lastAt) - Date.parse(a.lastAt) || a.reader.localeCompare(b.reader)),
      total: readers.reduce((n, r) => n + r.count, 0),
    }));
}

/** A reader as the panel names it: `workflow shop/order:1.2.0`, `function charge:2.0.0`. */
export function readerLabel(u: Pick<SecretUsage, 'kind' | 'reader'>): string {
  return `${u.kind} ${u.reader}`;
}

/** "1 read", "12 reads". */
export function readsLabel(count: number): string {
  return `${count} read${count === 1 ? '' : 's'}`;
}
