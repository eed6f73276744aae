/** An in-process CloudEvents bus: publishes to the subscribers of this process (durable delivery comes later). */
import type { CloudEvent, EventBus } from '../ports/index.js';

export class MemoryBus implements EventBus {
  private readonly subscribers = new Set<(e: CloudEvent) => void>();
  readonly published: CloudEvent[] = [];

  constructor(private readonly keep = 1000) {}

  async publish(event: CloudEvent): Promise<void> {
    this.published.push(event);
    if (this.published.length > this.keep) this.published.shift();
    for (const s of this.subscribers) s(event);
  }

  subscribe(fn: (e: CloudEvent) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }
}
