/**
 * Outbound HTTP policy, one place for workflows (and later functions). `open` (weft run, weft dev)
 * allows every destination; `restricted` (weft serve) refuses private, loopback and link-local
 * addresses unless the operator allows them (`WEFT_EGRESS_ALLOW`: comma-separated hosts or CIDRs).
 */
import { isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

export interface EgressPolicy {
  mode: 'open' | 'restricted';
  /** Host names or CIDRs (IPv4 `10.0.0.0/8`, IPv6 `fd00::/8`) allowed even when private. */
  allow: string[];
}

export class EgressDenied extends Error {
  readonly code = 'WEFT_ERR_EGRESS_DENIED';
}

export function policyFromEnv(mode: EgressPolicy['mode'], env: Record<string, string | undefined> = process.env): EgressPolicy {
  const allow = (env.WEFT_EGRESS_ALLOW ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return { mode, allow };
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, p) => (n << 8) + Number(p), 0) >>> 0;
}

function ipv6ToBigInt(ip: string): bigint {
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const parts = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return parts.reduce((n, p) => (n << 16n) + BigInt(parseInt(p || '0', 16)), 0n);
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const v = isIP(ip);
  if (v !== isIP(base)) return false;
  if (v === 4) {
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (ipv4ToInt(ip) & mask) === (ipv4ToInt(base) & mask);
  }
  const bits = BigInt(bitsText === undefined ? 128 : Number(bitsText));
  const mask = bits === 0n ? 0n : ((1n << 128n) - 1n) ^ ((1n << (128n - bits)) - 1n);
  return (ipv6ToBigInt(ip) & mask) === (ipv6ToBigInt(base) & mask);
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', '0.0.0.0/8', '100.64.0.0/10', '::1/128', 'fc00::/7', 'fe80::/10', '::/128'];

export function isPrivateAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const addr = mapped ? mapped[1] : ip;
  return PRIVATE.some((c) => inCidr(addr, c));
}

/** Throws EgressDenied when the policy refuses `url`. Resolves host names to check every address. */
export async function checkEgress(policy: EgressPolicy, url: string, resolve = lookup): Promise<void> {
  if (policy.mode === 'open') return;
  const { hostname } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  if (policy.allow.includes(host)) return;
  const addresses = isIP(host) ? [host] : (await resolve(host, { all: true })).map((a) => a.address);
  for (const ip of addresses) {
    if (isPrivateAddress(ip) && !policy.allow.some((a) => a.includes('/') ? inCidr(ip, a) : a === ip)) {
      throw new EgressDenied(`outbound request to ${host} (${ip}) is denied: private, loopback and link-local addresses need WEFT_EGRESS_ALLOW`);
    }
  }
}

/** Whether `host` is in a function's `egress` list: exact names, `*.domain` wildcards, IPs and CIDRs. */
export function hostAllowed(allowed: string[], host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return allowed.some((a) => {
    const rule = a.toLowerCase();
    if (rule.startsWith('*.')) return h.endsWith(rule.slice(1));
    if (rule.includes('/')) return isIP(h) !== 0 && inCidr(h, rule);
    return h === rule;
  });
}

/**
 * The rule for functions' `ctx.fetch`: only hosts the manifest lists, and never a private, loopback or
 * link-local address unless the operator allows it (functions are always restricted, even in dev).
 */
export function functionEgress(operatorAllow: string[]): (url: string, allowedHosts: string[]) => Promise<void> {
  const policy: EgressPolicy = { mode: 'restricted', allow: operatorAllow };
  return async (url, allowedHosts) => {
    const { hostname } = new URL(url);
    if (!hostAllowed(allowedHosts, hostname)) throw new EgressDenied(`${hostname} is not in the function's egress list`);
    await checkEgress(policy, url);
  };
}
