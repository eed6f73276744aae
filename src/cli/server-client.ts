/**
 * The CLI's remote mode talks to a running `weft serve` (or `weft dev`) through its HTTP API: `--server
 * <url>` (else WEFT_SERVER) with the API key from WEFT_API_KEY as `Authorization: Bearer`. Answers that are
 * problems (RFC 9457) come back as the server's own problem, so a remote command fails with the same
 * code and words as a local one; a server that cannot be reached is a CLI problem that says why
 * (connection refused, DNS, TLS, timeout).
 */
import { networkCause } from '../shared/index.js';
import { type Problem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';

/** An answer that is a problem: thrown with the server's problem details as they came. */
export class ServerProblem extends Error {
  constructor(
    readonly problem: Problem,
    options?: { cause?: unknown },
  ) {
    super(problem.detail, options);
    this.name = 'ServerProblem';
  }
}

export interface ServerAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  /** JSON-encoded unless a string (sent as it is, with `contentType`). */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** How long one request may take: a function invocation or a run's wait may be long, a dead server is not. */
const REQUEST_TIMEOUT_MS = 5 * 60_000;

export class ServerClient {
  readonly base: URL;

  constructor(
    server: string,
    private readonly apiKey: string | undefined,
  ) {
    let url: URL;
    try {
      url = new URL(server);
    } catch (err) {
      throw Object.assign(usageProblem(CLI_ERROR_CODES.arg, `--server expects a URL such as http://127.0.0.1:8787, got '${server}'`), { cause: err });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageProblem(CLI_ERROR_CODES.arg, `--server must be an http:// or https:// URL, got '${server}'`);
    // The API lives at the root: a trailing path (`…/studio/`) is dropped rather than prefixed to every route.
    this.base = new URL(url.origin);
  }

  async request<T>(method: string, path: string, o: RequestOptions = {}): Promise<ServerAnswer<T>> {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...(o.headers ?? {}) };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['content-type'] = o.contentType ?? 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), redirect: 'error' });
    } catch (err) {
      throw new ServerProblem(usageProblem(CLI_ERROR_CODES.serverUnreachable, `cannot reach the Weft server at ${this.base.origin} (${method} ${url.pathname}): ${networkCause(err)}`), { cause: err });
    }
    const text = await res.text();
    let parsed: unknown = text;
    if (text && /json/i.test(res.headers.get('content-type') ?? '')) {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch (err) {
        throw new ServerProblem(usageProblem(CLI_ERROR_CODES.serverAnswer, `${method} ${url.pathname} answered ${res.status} with invalid JSON`), { cause: err });
      }
    }
    if (res.status >= 400) throw new ServerProblem(asProblem(parsed, res.status, `${method} ${url.pathname}`));
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
}

/** The server's problem details, or one made from a non-problem error answer (a proxy's HTML page, say). */
function asProblem(body: unknown, status: number, where: string): Problem {
  const b = body as Partial<Problem> | undefined;
  if (b && typeof b === 'object' && typeof b.type === 'string') {
    return { ...b, type: b.type, title: b.title ?? '', status: typeof b.status === 'number' ? b.status : status, detail: b.detail ?? b.title ?? where, code: typeof b.code === 'string' ? b.code : CLI_ERROR_CODES.serverAnswer };
  }
  const excerpt = typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : '';
  return { ...usageProblem(CLI_ERROR_CODES.serverAnswer, `${where} answered ${status}${excerpt}`), status };
}
