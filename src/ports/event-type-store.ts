import type { Json } from '../shared/index.js';

/** An event type's JSON Schema: events of that type are validated against it when published. */
export interface EventTypeRecord {
  type: string;
  schema: Json;
  updatedAt: number;
}

/** Event types and their schemas (the event catalog). Contract suite: store/contracts/event-type-store-contract.ts. */
export interface EventTypeStore {
  /** Inserts or replaces the schema of `type`. */
  putType(type: string, schema: Json, at: number): Promise<void>;
  getType(type: string): Promise<EventTypeRecord | undefined>;
  /** Every type, ordered by name. */
  listTypes(): Promise<EventTypeRecord[]>;
  deleteType(type: string): Promise<boolean>;
}
