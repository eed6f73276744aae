/** Where a subscription sends matching events. */
export type SubscriptionTarget =
  | { workflow: { namespace: string; name: string; version?: string }; input?: string }
  | { function: { name: string; ref?: string }; input?: string };

export interface Subscription {
  name: string;
  /** Attribute equality (type, source, subject, …) and a jq condition on the event. */
  filter: { type?: string; source?: string; subject?: string; condition?: string };
  target: SubscriptionTarget;
  /** Attempts before dead-lettering (default 5). */
  maxAttempts?: number;
  createdAt: number;
}

/** Subscriptions: which events go where (the event router's table). Contract suite: store/contracts/subscription-store-contract.ts. */
export interface SubscriptionStore {
  /** Inserts or replaces the subscription named `s.name`. */
  putSubscription(s: Subscription): Promise<void>;
  getSubscription(name: string): Promise<Subscription | undefined>;
  /** Every subscription, ordered by name. */
  listSubscriptions(): Promise<Subscription[]>;
  deleteSubscription(name: string): Promise<boolean>;
}
