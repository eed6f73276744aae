/**
 * What both ScheduleStore adapters agree on: a claim names a key and a slot (epoch ms), and wins only when
 * the key has no state yet or its last slot is earlier — so each slot of a schedule fires once, however
 * many schedulers (in one process or several) race for it.
 */
import type { ScheduleState } from '../ports/index.js';
import { checkTime } from './encoding.js';
import { invalid } from './errors.js';

export interface ScheduleRow {
  key: string;
  lastSlot: number | null;
  updatedAt: number;
}

export interface EncodedClaim {
  key: string;
  slot: number;
  at: number;
}

export function encodeClaim(key: string, slot: number, at: number): EncodedClaim {
  if (typeof key !== 'string' || key === '') throw invalid('schedule key must be a non-empty string');
  return { key, slot: checkTime(slot, 'schedule slot'), at: checkTime(at, 'schedule claim at') };
}

/** The compare of the compare-and-set (the SQLite upsert's WHERE clause says the same). */
export const claimable = (row: ScheduleRow | undefined, slot: number): boolean => !row || row.lastSlot === null || row.lastSlot < slot;

export function decodeSchedule(row: ScheduleRow): ScheduleState {
  const s: ScheduleState = { key: row.key, updatedAt: row.updatedAt };
  if (row.lastSlot !== null) s.lastSlot = row.lastSlot;
  return s;
}
