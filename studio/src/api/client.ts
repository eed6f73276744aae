/**
 * The studio's one way to talk to the server (DESIGN.md §2: the studio uses the public HTTP API only).
 * Same origin: the studio is served by `weft dev` / `weft serve` at `/`. The API key, when the server
 * requires one, is kept in session storage (closing the tab forgets it) and sent as a bearer token.
 * After a single sign-on login the browser's session cookie authenticates instead (sent same-origin);
 * requests that change something then carry the session's CSRF token, read from the `weft_csrf` cookie.
 * Every non-2xx answer is thrown as an ApiProblem carrying the server's problem details.
 */
import type { ProblemDetails } from '../../../src/contracts/index.js';

const KEY_STORAGE = 'weft.apiKey';

/** The API's problem details (src/contracts/api), `detail` optional: an answer that is not one is made one here. */
export type Problem = Pick<ProblemDetails, 'type' | 'title' | 'status'> & Partial<ProblemDetails>;

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
  }
  get status(): number {
    return this.problem.status;
  }
}

export function apiKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function setApiKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** The session's CSRF token (`__Host-weft_csrf` over https, `weft_csrf` over http), if logged in with SSO. */
export function csrfToken(): string | undefined {
  const m = /(?:^|;\s*)(?:__Host-)?weft_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : undefined;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** A JS value sent as JSON, or a string sent with `contentType` (e.g. YAML). */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Calls the API and returns the parsed JSON answer (undefined for 204). */
export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...opts.headers };
  const key = apiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    if (typeof opts.body === 'string' && opts.contentType) body = opts.body;
    else body = JSON.stringify(opts.body);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  const method = opts.method ?? (body === undefined ? 'GET' : 'POST');
  // The server checks it only on cookie-authenticated requests; sending it with a key costs nothing.
  const csrf = method === 'GET' ? undefined : csrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(path, { method, headers, body, signal: opts.signal, credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const p = (parsed && typeof parsed === 'object' ? parsed : {}) as Partial<Problem>;
    throw new ApiProblem({ type: p.type ?? 'about:blank', title: p.title ?? res.statusText, status: res.status, ...p } as Problem);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
