/**
 * The HTTP-hygiene settings `weft dev` / `weft serve` read from the environment, as `buildGateway`
 * options: `WEFT_ALLOWED_HOSTS` (host-check.ts), `WEFT_AUTH_FAILURE_LIMIT` (auth-failures.ts) and the
 * `WEFT_HTTP_*` limits (http-limits.ts). A bad value throws an Error whose message names the variable.
 */
import { DEFAULT_AUTH_FAILURE_LIMIT } from './auth-failures.js';
import { type HostPolicy, hostPolicyFor } from './host-check.js';
import { type HttpLimits, httpLimitsFromEnv } from './http-limits.js';

export interface HttpHygiene {
  options: { hosts?: HostPolicy; httpLimits: Partial<HttpLimits>; authFailureLimit: number };
  /** Printed at start when the Host check is off. */
  notice?: string;
}

export function httpHygieneFromEnv(mode: 'dev' | 'serve', boundHost: string, env: NodeJS.ProcessEnv): HttpHygiene {
  const { policy, notice } = hostPolicyFor(mode, boundHost, env.WEFT_ALLOWED_HOSTS);
  const text = env.WEFT_AUTH_FAILURE_LIMIT;
  const authFailureLimit = text === undefined || text === '' ? DEFAULT_AUTH_FAILURE_LIMIT : /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(authFailureLimit)) throw new Error(`WEFT_AUTH_FAILURE_LIMIT must be a whole number of failures per minute (0 = no limit); got '${text}'`);
  return { options: { ...(policy ? { hosts: policy } : {}), httpLimits: httpLimitsFromEnv(env), authFailureLimit }, ...(notice ? { notice } : {}) };
}
