/**
 * The node-wide cap on function instances (WEFT_FN_NODE_MAX_CONCURRENCY): every instance that exists —
 * running an invocation, starting, or kept warm — holds one slot, whichever function's pool it is in, so
 * neither concurrent invocations nor warm isolates (each with its own heap) can outgrow the node. When
 * the cap is reached, an idle instance of some pool (the one idle longest) is given up to make room; when
 * none is idle, the pool refuses the call for capacity (WEFT_ERR_FN_THROTTLED: the run waits and retries).
 */

/** What the capacity asks of a pool: give up one idle instance (its slot is released through release()). */
export interface CapacityMember {
  /** Disposes the instance idle longest; returns when it was idle (epoch ms), or undefined when none is. */
  oldestIdle(): number | undefined;
  evictIdle(): boolean;
}

export class NodeCapacity {
  private used = 0;
  private readonly members = new Set<CapacityMember>();

  constructor(readonly max: number) {}

  join(m: CapacityMember): void {
    this.members.add(m);
  }

  leave(m: CapacityMember): void {
    this.members.delete(m);
  }

  get inUse(): number {
    return this.used;
  }

  /** Takes a slot for a new instance, evicting an idle one elsewhere if needed; false when none is free. */
  reserve(requester?: CapacityMember): boolean {
    if (this.used < this.max) {
      this.used++;
      return true;
    }
    let victim: CapacityMember | undefined;
    let since = Infinity;
    for (const m of this.members) {
      if (m === requester) continue;
      const at = m.oldestIdle();
      if (at !== undefined && at < since) {
        since = at;
        victim = m;
      }
    }
    // Eviction releases the victim's slot synchronously.
    if (victim?.evictIdle() && this.used < this.max) {
      this.used++;
      return true;
    }
    return false;
  }

  release(): void {
    this.used = Math.max(0, this.used - 1);
  }
}
