/**
 * The HTTP fuzzers' side of a listening server (startServer in this process, as test/gateway does): one
 * request with a timeout, and the property every answer must have — no 5xx, and every 4xx a problem+json.
 */
import { expect } from 'vitest';

/** A request slower than this counts as a hang. */
export const REQUEST_MS = Number(process.env.WEFT_FUZZ_REQUEST_MS ?? 10_000);

export interface Sent {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface Got {
  status: number;
  type: string;
  text: string;
}

/** Sends `req` to `url` (undici's fetch; a header it refuses to send is dropped, not sent). */
export async function send(url: string, req: Sent): Promise<Got> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    try {
      headers.set(k, v);
    } catch {
      // Not a valid header name or value for fetch: what the fuzzer generated cannot go on the wire.
    }
  }
  const hasBody = req.body !== undefined && req.method !== 'GET' && req.method !== 'HEAD';
  let res: Response;
  try {
    res = await fetch(url + req.path, { method: req.method, headers, ...(hasBody ? { body: req.body } : {}), signal: AbortSignal.timeout(REQUEST_MS) });
  } catch (err) {
    // A URL or method fetch itself refuses is no answer from the server: skip it; a timeout is a hang.
    if ((err as Error).name === 'TimeoutError') throw new Error(`${req.method} ${req.path} did not answer within ${REQUEST_MS} ms`);
    if (err instanceof TypeError && !/fetch failed/.test(err.message)) return { status: 0, type: '', text: '' };
    throw new Error(`${req.method} ${req.path}: ${(err as Error).message} (${String((err as Error & { cause?: unknown }).cause)})`, { cause: err });
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** No server error, and every refusal an RFC 9457 problem with a WEFT code. */
export function expectWellFormed(req: Sent, got: Got): void {
  const what = `${req.method} ${req.path} ${JSON.stringify(req.headers ?? {})} ${typeof req.body === 'string' ? req.body.slice(0, 300) : ''}\n→ ${got.status} ${got.text.slice(0, 500)}`;
  // Two 503s by design: the studio page when dist/studio was not built (a worktree without `npm run
  // build`; fetch folds `/x/..` into `/`), and /readyz while the server is not ready.
  if (got.status === 503 && (/Weft Studio is not built/.test(got.text) || (req.method === 'HEAD' && /^text\/html/.test(got.type)) || /^\/readyz\b/.test(req.path))) return;
  expect(got.status, what).toBeLessThan(500);
  // A HEAD answer has no body to check.
  if (got.status >= 400 && req.method !== 'HEAD') {
    expect(got.type, what).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(got.text) as { status?: number; code?: string; type?: string };
    expect(body.status, what).toBe(got.status);
    expect(body.code, what).toMatch(/^WEFT_ERR_/);
  }
}
