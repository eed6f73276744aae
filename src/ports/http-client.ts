import type { HttpRequest, HttpResponse } from '../contracts/index.js';

export interface HttpClient {
  request(req: HttpRequest & { idempotencyKey: string; traceparent?: string }): Promise<HttpResponse>;
}
