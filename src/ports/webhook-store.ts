import type { Json } from '../shared/index.js';
import type { SubscriptionTarget } from './subscription-store.js';

/** A webhook: `POST /hooks/<path>` starts a workflow or invokes a function. */
export interface Webhook {
  path: string;
  target: SubscriptionTarget;
  /** Name of the secret (WEFT_SECRET_<NAME>) that signs bodies with HMAC-SHA256, if any. */
  secret?: string;
  /** JSON Schema of the body. */
  schema?: Json;
  /** `sync` answers with the run's output (or the function's); `async` answers 202. */
  respond: 'sync' | 'async';
  /** Who declared it: `workflow:<ns>/<name>` or `function:<name>`. */
  owner: string;
}

/** Declared webhooks, by path. Contract suite: store/contracts/webhook-store-contract.ts. */
export interface WebhookStore {
  /** Inserts or replaces the webhook at `path`. */
  putWebhook(w: Webhook): Promise<void>;
  getWebhook(path: string): Promise<Webhook | undefined>;
  /** Every webhook, ordered by path. */
  listWebhooks(): Promise<Webhook[]>;
  deleteWebhook(path: string): Promise<boolean>;
}
