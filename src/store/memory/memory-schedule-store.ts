/**
 * The ScheduleStore in memory. `claim` compares and sets in one synchronous step, so of two claims of a
 * slot made in the same turn exactly one wins, as with SQLite.
 */
import type { ScheduleState, ScheduleStore } from '../../ports/index.js';
import { compareText } from '../encoding.js';
import { type ScheduleRow, claimable, decodeSchedule, encodeClaim } from '../schedule-encoding.js';

export class MemoryScheduleStore implements ScheduleStore {
  private readonly schedules = new Map<string, ScheduleRow>();

  /** `guard` throws once the owning store is closed (MemoryStore passes its own check). */
  constructor(private readonly guard: () => void = () => {}) {}

  async get(key: string): Promise<ScheduleState | undefined> {
    this.guard();
    const row = this.schedules.get(key);
    return row && decodeSchedule(row);
  }

  async list(): Promise<ScheduleState[]> {
    this.guard();
    return [...this.schedules.values()].sort((a, b) => compareText(a.key, b.key)).map(decodeSchedule);
  }

  async claim(key: string, slot: number, at: number): Promise<boolean> {
    this.guard();
    const c = encodeClaim(key, slot, at);
    if (!claimable(this.schedules.get(c.key), c.slot)) return false;
    this.schedules.set(c.key, { key: c.key, lastSlot: c.slot, updatedAt: c.at });
    return true;
  }
}
