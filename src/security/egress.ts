/**
 * The outbound HTTP policy, one for workflows and functions. `open` (weft run, weft dev) allows every
 * destination; `restricted` (weft serve by default, and functions always) refuses every private, loopback,
 * link-local and special-purpose address (outbound-address.ts) unless the operator allows it
 * (`WEFT_EGRESS_ALLOW`: comma-separated host names, `*.domain`, IPs and CIDRs). The decision is made on
 * the address a connection is actually opened to (outbound-agent.ts), not on the URL's text.
 */
import { isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { EGRESS_ERROR_CODES, EgressDenied, EgressError } from './errors.js';
import { inCidr, isAddressRule, specialAddress } from './outbound-address.js';

export { EgressDenied } from './errors.js';
export { inCidr } from './outbound-address.js';
// Where callers have always found it (the rule itself lives with the client it configures).

export type EgressMode = 'open' | 'restricted';

export interface EgressPolicy {
  mode: EgressMode;
  /** Host names (`*.domain` too), IPs and CIDRs (IPv4 `10.0.0.0/8`, IPv6 `fd00::/8`) allowed even when private. */
  allow: string[];
}

/** The caps every outbound request has (both settable by the operator). */
export interface EgressLimits {
  /** Largest response body read, in bytes (default 10 MB, `WEFT_EGRESS_MAX_BODY_BYTES`). */
  maxBodyBytes: number;
  /** Longest a request may take, redirects and body included (default 30 s, `WEFT_EGRESS_TIMEOUT_MS`). */
  timeoutMs: number;
}

export const DEFAULT_EGRESS_LIMITS: EgressLimits = { maxBodyBytes: 10 * 1024 * 1024, timeoutMs: 30_000 };

type Env = Record<string, string | undefined>;

/** `WEFT_EGRESS_ALLOW` as a policy of `mode`; an entry that is neither a host name nor an IP/CIDR is refused. */
export function policyFromEnv(mode: EgressMode, env: Env = process.env): EgressPolicy {
  const allow = (env.WEFT_EGRESS_ALLOW ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const a of allow) {
    if (!isAddressRule(a) && !/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(a)) {
      throw new EgressError(EGRESS_ERROR_CODES.config, `WEFT_EGRESS_ALLOW: '${a}' is not a host name (optionally *.domain), an IP address or a CIDR`);
    }
  }
  return { mode, allow };
}

/**
 * The workflow egress mode of a command: `weft serve` is restricted, `weft dev` and `weft run` open;
 * `WEFT_EGRESS=open|restricted` overrides either.
 */
export function egressModeFor(command: 'serve' | 'dev' | 'run', env: Env = process.env): EgressMode {
  const set = env.WEFT_EGRESS?.trim();
  if (set === undefined || set === '') return command === 'serve' ? 'restricted' : 'open';
  if (set === 'open' || set === 'restricted') return set;
  throw new EgressError(EGRESS_ERROR_CODES.config, `WEFT_EGRESS must be 'open' or 'restricted', got '${set}'`);
}

/** `WEFT_EGRESS_MAX_BODY_BYTES` and `WEFT_EGRESS_TIMEOUT_MS` (positive integers), else the defaults. */
export function limitsFromEnv(env: Env = process.env): EgressLimits {
  const read = (name: string, fallback: number) => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n <= 0) throw new EgressError(EGRESS_ERROR_CODES.config, `${name} must be a positive integer, got '${text}'`);
    return n;
  };
  return { maxBodyBytes: read('WEFT_EGRESS_MAX_BODY_BYTES', DEFAULT_EGRESS_LIMITS.maxBodyBytes), timeoutMs: read('WEFT_EGRESS_TIMEOUT_MS', DEFAULT_EGRESS_LIMITS.timeoutMs) };
}

/** One line for the server's start: what outbound calls may reach. */
export function describeEgress(command: 'serve' | 'dev', policy: EgressPolicy, limits: EgressLimits): string {
  const allowed = policy.allow.length ? policy.allow.join(', ') : 'nothing';
  const caps = `responses capped at ${limits.maxBodyBytes} bytes and ${limits.timeoutMs} ms`;
  if (policy.mode === 'open') {
    const who = command === 'dev' ? 'weft dev' : 'WEFT_EGRESS=open';
    return `weft: egress is open (${who}): workflows may call any address, private and loopback included${command === 'dev' ? '; weft serve restricts it' : ''}. Functions stay restricted (WEFT_EGRESS_ALLOW: ${allowed}); ${caps}`;
  }
  return `weft: egress is restricted: workflows and functions reach public addresses only; private, loopback and link-local addresses need WEFT_EGRESS_ALLOW (allowed: ${allowed}); ${caps}`;
}

/** Whether the operator allows `host` by name (exact, or `*.domain`). */
export function nameAllowed(allow: string[], host: string): boolean {
  const h = host.toLowerCase();
  return allow.some((a) => {
    const rule = a.toLowerCase();
    if (isAddressRule(rule)) return false;
    return rule.startsWith('*.') ? h.endsWith(rule.slice(1)) : h === rule;
  });
}

/**
 * Why the policy refuses a connection to `address` (reached through `host`), or undefined when it may
 * be opened. This is what runs on every address a connection is opened to.
 */
export function refusal(policy: EgressPolicy, host: string, address: string): string | undefined {
  if (policy.mode === 'open') return undefined;
  const why = specialAddress(address);
  if (!why) return undefined;
  if (nameAllowed(policy.allow, host)) return undefined;
  if (policy.allow.some((a) => isAddressRule(a) && inCidr(address, a))) return undefined;
  const via = host === address ? address : `${host} (${address})`;
  return `outbound request to ${via} is denied: ${why}; private, loopback, link-local and special addresses need WEFT_EGRESS_ALLOW`;
}

/** Same as `refusal`, as an EgressDenied to throw. */
export function denial(policy: EgressPolicy, host: string, address: string): EgressDenied | undefined {
  const why = refusal(policy, host, address);
  return why ? new EgressDenied(why) : undefined;
}

/** Whether `ip` is a private, loopback, link-local or other special-purpose address. */
export function isPrivateAddress(ip: string): boolean {
  return specialAddress(ip) !== undefined;
}

/**
 * Checks `url` ahead of time, resolving its host (used where no connection follows, e.g. to validate
 * a URL; outbound requests are checked on the connected address instead). Throws EgressDenied.
 */
export async function checkEgress(policy: EgressPolicy, url: string, resolve = lookup): Promise<void> {
  if (policy.mode === 'open') return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await resolve(host, { all: true })).map((a) => a.address);
  for (const ip of addresses) {
    const denied = denial(policy, host, ip);
    if (denied) throw denied;
  }
}

/** Whether `host` is in a function's `egress` list: exact names, `*.domain` wildcards, IPs and CIDRs. */
export function hostAllowed(allowed: string[], host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return allowed.some((a) => {
    const rule = a.toLowerCase();
    if (rule.startsWith('*.')) return h.endsWith(rule.slice(1));
    if (isAddressRule(rule)) return isIP(h) !== 0 && inCidr(h, rule);
    return h === rule;
  });
}
