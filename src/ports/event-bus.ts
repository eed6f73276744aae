import type { CloudEvent } from './cloud-event.js';

export interface EventBus {
  publish(event: CloudEvent): Promise<void>;
  /** Calls `handler` for every event published from now on; returns an unsubscribe function. */
  subscribe(handler: (event: CloudEvent) => void): () => void;
}
