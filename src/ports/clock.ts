export interface Clock {
  now(): number;
  /** Calls `fn` at (or soon after) `at`; returns a cancel function. */
  setTimer(at: number, fn: () => void): () => void;
}
