/** A workflow schedule's durable state: which slot fired last, so that a slot fires once. */
export interface ScheduleState {
  /** `<namespace>/<name>`. */
  key: string;
  /** The slot (epoch ms) that fired last. */
  lastSlot?: number;
  updatedAt: number;
}

export interface ScheduleStore {
  get(key: string): Promise<ScheduleState | undefined>;
  list(): Promise<ScheduleState[]>;
  /**
   * Claims `slot` for `key` when it is later than the last fired slot (compare-and-set): true when this
   * caller won, false when the slot (or a later one) was already claimed.
   */
  claim(key: string, slot: number, at: number): Promise<boolean>;
}
