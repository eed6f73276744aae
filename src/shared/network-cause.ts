/**
 * What went wrong under a failed network call, in words: `fetch failed` and `connect ECONNREFUSED …` tell a
 * person little, so outbound calls and the CLI's server client say "connection refused", "host not found
 * (DNS)", "TLS: …" or "timed out", with the system's code in brackets for searching. Undici wraps the
 * socket's error in `cause` (sometimes twice, or in an AggregateError when every address failed), so the
 * chain is walked to the first error that carries a code.
 */

const WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the peer',
  EPIPE: 'connection closed by the peer',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed, try again (DNS)',
  EAI_NONAME: 'host not found (DNS)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'timed out connecting',
  UND_ERR_HEADERS_TIMEOUT: 'timed out waiting for the answer',
  UND_ERR_BODY_TIMEOUT: 'timed out reading the answer',
  UND_ERR_SOCKET: 'the connection failed',
  ABORT_ERR: 'aborted',
};

interface Failure {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  name?: unknown;
}

/** The first error in `err`'s cause chain (and an AggregateError's errors) that names a code; else the innermost. */
function innermost(err: unknown): Failure {
  let e = (err ?? {}) as Failure;
  for (let depth = 0; depth < 8; depth++) {
    if (typeof e.code === 'string' && e.code !== 'UND_ERR' && e.code !== 'ERR_INVALID_STATE') return e;
    if (Array.isArray(e.errors) && e.errors.length) e = (e.errors[0] ?? {}) as Failure;
    else if (e.cause !== undefined && e.cause !== null && typeof e.cause === 'object') e = e.cause as Failure;
    else return e;
  }
  return e;
}

const isTls = (code: string) => code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);

/** `err`'s cause for people: "connection refused (ECONNREFUSED)", "TLS: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)", … */
export function networkCause(err: unknown): string {
  const e = innermost(err);
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  if (e.name === 'TimeoutError') return 'timed out';
  if (!code) return message;
  if (WORDS[code]) return `${WORDS[code]} (${code})`;
  if (isTls(code)) return `TLS: ${message} (${code})`;
  return message.includes(code) ? message : `${message} (${code})`;
}
