/**
 * The Host-header allow-list, against DNS rebinding: a web page on `evil.example` whose name is made to
 * resolve to 127.0.0.1 talks to `weft dev` as a same-origin page would — and `weft dev` has no keys. The
 * browser still sends `Host: evil.example:<port>`, so refusing names the server was not told about closes
 * that door. Answered 421 Misdirected Request (problem+json `WEFT_ERR_HTTP_HOST`) in an onRequest hook,
 * before authentication and before any body is read.
 *
 * - `weft dev`: `127.0.0.1`, `localhost` and `[::1]` (any port), plus `WEFT_ALLOWED_HOSTS`.
 * - `weft serve`: `WEFT_ALLOWED_HOSTS`, the bound address, the loopback names when bound to loopback, and
 *   any IP-address Host (an address cannot be rebound: the page's origin would be that address). Bound to
 *   all interfaces (`0.0.0.0`, `::`) with no `WEFT_ALLOWED_HOSTS`, the check is off (the names clients
 *   use are unknown) and the server says so at start.
 * - `WEFT_ALLOWED_HOSTS=*` turns the check off (unsafe in `weft dev`: it reopens DNS rebinding).
 * - `/healthz` and `/readyz` answer any Host: orchestrators probe with the pod's IP or whatever name.
 *
 * The same list applies to a browser's `Origin` header (403 `WEFT_ERR_HTTP_ORIGIN`): without it any web
 * page could still start runs on `weft dev` with a body-less cross-site POST (a "simple" request the
 * browser sends without asking), since the Host of that request is the real 127.0.0.1.
 */
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GATEWAY_ERROR_CODES, GatewayError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answer whatever the Host header says (the health probes). */
    anyHost?: boolean;
  }
}

export interface HostPolicy {
  /** Lower-case host names or addresses (`[…]` around IPv6), each optionally with `:port`. */
  names: readonly string[];
  /** Whether any IP-address Host is accepted. */
  ipLiterals: boolean;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

/** Splits a Host header into a lower-case host (IPv6 kept in brackets) and port; undefined when malformed. */
export function parseHost(header: string): { host: string; port?: string } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!m) return undefined;
  const host = m[1].toLowerCase().replace(/\.$/, '');
  return m[2] === undefined ? { host } : { host, port: m[2] };
}

export function hostAllowed(policy: HostPolicy, header: string | undefined): boolean {
  if (header === undefined) return false;
  const h = parseHost(header);
  if (!h) return false;
  if (policy.names.includes(h.host) || (h.port !== undefined && policy.names.includes(`${h.host}:${h.port}`))) return true;
  return policy.ipLiterals && isIP(h.host.replace(/^\[|\]$/g, '')) !== 0;
}

/** `WEFT_ALLOWED_HOSTS="weft.example.com,weft-api.weft.svc:8787"`; `*` alone means no check. */
export function parseAllowedHosts(text: string | undefined): string[] | '*' | undefined {
  const names = (text ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) return undefined;
  if (names.includes('*')) return '*';
  for (const n of names) {
    const p = parseHost(n);
    if (!p) throw new Error(`WEFT_ALLOWED_HOSTS: '${n}' is not a host name, an address or host:port`);
  }
  return names.map((n) => {
    const p = parseHost(n)!;
    return p.port === undefined ? p.host : `${p.host}:${p.port}`;
  });
}

function bracketed(address: string): string {
  return isIP(address) === 6 ? `[${address.toLowerCase()}]` : address.toLowerCase();
}

function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\./.test(address);
}

/**
 * The policy for a mode, bound address and `WEFT_ALLOWED_HOSTS`; `undefined` policy = no check, with a
 * `notice` to print at start when that is not what the operator asked for explicitly.
 */
export function hostPolicyFor(mode: 'dev' | 'serve', bound: string, allowedHosts: string | undefined): { policy?: HostPolicy; notice?: string } {
  const configured = parseAllowedHosts(allowedHosts);
  if (configured === '*') {
    return { notice: `weft: WEFT_ALLOWED_HOSTS=* — the Host header is not checked${mode === 'dev' ? ' (unsafe: any web page can reach this unauthenticated dev server through DNS rebinding)' : ''}` };
  }
  const extra = configured ?? [];
  if (mode === 'dev') return { policy: { names: [...LOOPBACK_NAMES, ...extra], ipLiterals: false } };
  if (WILDCARD.has(bound) && extra.length === 0) {
    return { notice: `weft: bound to all interfaces without WEFT_ALLOWED_HOSTS — the Host header is not checked; set WEFT_ALLOWED_HOSTS to the names clients use` };
  }
  const names = [...extra];
  if (!WILDCARD.has(bound)) names.push(bracketed(bound));
  if (isLoopback(bound)) names.push(...LOOPBACK_NAMES);
  return { policy: { names: [...new Set(names)], ipLiterals: true } };
}

/** The `host[:port]` of an Origin header; undefined for `null` (sandboxed or file: pages) and non-HTTP origins. */
function originHost(origin: string): string | undefined {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Also answers an HTTP/1.1 request without Host (RFC 9112 §3.2) with a 400 problem: Node's own check
 * (`requireHostHeader`) writes a bare 400, so it is turned off in http-limits.ts and done here.
 */
export function installHostCheck(app: FastifyInstance, policy: HostPolicy | undefined): void {
  // A callback hook, not an async one: it runs on every request, and a promise per hook shows in the profile.
  app.addHook('onRequest', (req, _reply, done) => done(refusal(req, policy)));
}

function refusal(req: FastifyRequest, policy: HostPolicy | undefined): GatewayError | undefined {
  const host = req.headers.host;
  if (host === undefined && req.raw.httpVersion === '1.1') {
    return new GatewayError(GATEWAY_ERROR_CODES.badRequest, 400, 'an HTTP/1.1 request must carry a Host header');
  }
  if (!policy || req.routeOptions.config?.anyHost) return undefined;
  if (!hostAllowed(policy, host)) {
    const shown = host === undefined ? 'no Host header' : `Host ${JSON.stringify(host.slice(0, 100))}`;
    return new GatewayError(GATEWAY_ERROR_CODES.host, 421, `${shown} is not a name this server answers to; the operator can add it to WEFT_ALLOWED_HOSTS`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !hostAllowed(policy, originHost(origin))) {
    return new GatewayError(GATEWAY_ERROR_CODES.origin, 403, `requests from the web page at ${JSON.stringify(origin.slice(0, 100))} are refused: its origin is not one of this server's names`);
  }
  return undefined;
}
