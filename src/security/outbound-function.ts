/**
 * Functions' `ctx.fetch`: the outbound client (outbound.ts) in restricted mode whatever the server's
 * workflow mode — only hosts the manifest's `egress` lists, at every redirect hop, and never a private,
 * loopback or link-local address unless the operator allows it (WEFT_EGRESS_ALLOW). Redirects are
 * followed (like fetch); the body comes back as text, capped like every outbound body.
 */
import { type EgressLimits, hostAllowed } from './egress.js';
import { EgressDenied } from './errors.js';
import { Outbound } from './outbound.js';
import type { Resolve } from './outbound-agent.js';

export interface FunctionFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The manifest's `egress` list. */
  allowedHosts: string[];
  /** What is left of the invocation's time (the request gets no more than this nor the egress time cap). */
  timeoutMs?: number;
}

export interface FunctionEgress {
  /** Throws EgressDenied when `url`'s host is not in `allowedHosts` (checked before any waiting). */
  check(url: string, allowedHosts: string[]): void;
  fetch(url: string, init: FunctionFetchInit): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  close(): Promise<void>;
}

export function functionEgress(operatorAllow: string[], limits: Partial<EgressLimits> & { resolve?: Resolve } = {}): FunctionEgress {
  const outbound = new Outbound({ policy: { mode: 'restricted', allow: operatorAllow }, ...limits });
  const listed = (allowedHosts: string[]) => (url: URL) => {
    if (!hostAllowed(allowedHosts, url.hostname)) throw new EgressDenied(`${url.hostname} is not in the function's egress list`);
  };
  return {
    check(url, allowedHosts) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new EgressDenied(`'${url.split('?')[0].slice(0, 200)}' is not a valid URL`);
      }
      listed(allowedHosts)(parsed);
    },
    async fetch(url, init) {
      const res = await outbound.request({
        method: init.method ?? 'GET',
        url,
        headers: init.headers ?? {},
        ...(init.body === undefined ? {} : { body: init.body }),
        follow: true,
        checkUrl: listed(init.allowedHosts),
        ...(init.timeoutMs === undefined ? {} : { timeoutMs: init.timeoutMs }),
      });
      return { status: res.status, headers: res.headers, body: new TextDecoder().decode(res.body) };
    },
    close: () => outbound.close(),
  };
}
