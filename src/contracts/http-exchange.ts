/** One outbound HTTP exchange as a workflow's `call: http` describes it and the HTTP client port performs it. */
import type { Json } from '../shared/index.js';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Json;
  /** Follow redirects (the DSL's `redirect`); when false, 3xx statuses are returned as they are. */
  redirect: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Json;
}
