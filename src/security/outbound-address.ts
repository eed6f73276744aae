/**
 * What kind of address an IP is, on its parsed bytes (never on its spelling): every IPv4 and IPv6
 * private or special-purpose range (IANA special-purpose registries), and the IPv6 forms that carry an
 * IPv4 address — mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16` — judged by the IPv4
 * address they reach. `::ffff:7f00:1`, `0:0:0:0:0:ffff:7f00:1` and `::ffff:127.0.0.1` are one address here.
 */
import { isIP } from 'node:net';

type Bytes = Uint8Array;

/** 4 or 16 bytes, or undefined when `ip` is not an IP address. A zone (`fe80::1%eth0`) is ignored. */
export function ipBytes(ip: string): Bytes | undefined {
  const text = ip.replace(/^\[|\]$/g, '').split('%')[0];
  const family = isIP(text);
  if (family === 4) return Uint8Array.from(text.split('.').map(Number));
  if (family !== 6) return undefined;
  let s = text.toLowerCase();
  const out = new Uint8Array(16);
  const last = s.lastIndexOf(':');
  if (s.slice(last + 1).includes('.')) {
    // A trailing dotted quad is the last 32 bits: parse it as two groups' worth of bytes.
    out.set(s.slice(last + 1).split('.').map(Number), 12);
    s = `${s.slice(0, last + 1)}0:0`;
  }
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const v4 = out.slice(12);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  if (v4.some((b) => b !== 0)) out.set(v4, 12);
  return out;
}

function prefix(text: string, bits: number): { bytes: Bytes; bits: number } {
  return { bytes: ipBytes(text)!, bits };
}

function inPrefix(bytes: Bytes, p: { bytes: Bytes; bits: number }): boolean {
  if (bytes.length !== p.bytes.length) return false;
  for (let i = 0, left = p.bits; left > 0; i++, left -= 8) {
    const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
    if ((bytes[i] & mask) !== (p.bytes[i] & mask)) return false;
  }
  return true;
}

const V4: [ReturnType<typeof prefix>, string][] = [
  [prefix('255.255.255.255', 32), 'broadcast'],
  [prefix('0.0.0.0', 8), '"this network" (0.0.0.0/8)'],
  [prefix('10.0.0.0', 8), 'private (10.0.0.0/8)'],
  [prefix('100.64.0.0', 10), 'carrier-grade NAT (100.64.0.0/10)'],
  [prefix('127.0.0.0', 8), 'loopback (127.0.0.0/8)'],
  [prefix('169.254.0.0', 16), 'link-local (169.254.0.0/16)'],
  [prefix('172.16.0.0', 12), 'private (172.16.0.0/12)'],
  [prefix('192.0.0.0', 24), 'IETF protocol assignments (192.0.0.0/24)'],
  [prefix('192.0.2.0', 24), 'documentation (192.0.2.0/24)'],
  [prefix('192.88.99.0', 24), '6to4 relay anycast (192.88.99.0/24)'],
  [prefix('192.168.0.0', 16), 'private (192.168.0.0/16)'],
  [prefix('198.18.0.0', 15), 'benchmarking (198.18.0.0/15)'],
  [prefix('198.51.100.0', 24), 'documentation (198.51.100.0/24)'],
  [prefix('203.0.113.0', 24), 'documentation (203.0.113.0/24)'],
  [prefix('224.0.0.0', 4), 'multicast (224.0.0.0/4)'],
  [prefix('240.0.0.0', 4), 'reserved (240.0.0.0/4)'],
];

/** IPv6 forms whose destination is an embedded IPv4 address, and where that address sits. */
const EMBEDDING: [ReturnType<typeof prefix>, string, number][] = [
  [prefix('::ffff:0:0', 96), 'IPv4-mapped', 12],
  [prefix('64:ff9b::', 96), 'NAT64', 12],
  [prefix('2002::', 16), '6to4', 2],
];

const V6: [ReturnType<typeof prefix>, string][] = [
  [prefix('::', 128), 'unspecified (::)'],
  [prefix('::1', 128), 'loopback (::1)'],
  [prefix('::', 96), 'IPv4-compatible (::/96, deprecated)'],
  [prefix('::ffff:0:0:0', 96), 'IPv4-translated (::ffff:0:0:0/96)'],
  [prefix('64:ff9b:1::', 48), 'local-use NAT64 (64:ff9b:1::/48)'],
  [prefix('100::', 64), 'discard-only (100::/64)'],
  [prefix('2001::', 32), 'Teredo (2001::/32)'],
  [prefix('2001::', 23), 'IETF protocol assignments (2001::/23)'],
  [prefix('2001:db8::', 32), 'documentation (2001:db8::/32)'],
  [prefix('3fff::', 20), 'documentation (3fff::/20)'],
  [prefix('5f00::', 16), 'SRv6 SIDs (5f00::/16)'],
  [prefix('fc00::', 7), 'unique-local (fc00::/7)'],
  [prefix('fe80::', 10), 'link-local (fe80::/10)'],
  [prefix('fec0::', 10), 'site-local (fec0::/10, deprecated)'],
  [prefix('ff00::', 8), 'multicast (ff00::/8)'],
];

const GLOBAL_UNICAST = prefix('2000::', 3);

/**
 * Why `ip` is not a public unicast address ("loopback (127.0.0.0/8)", "IPv4-mapped 127.0.0.1: loopback
 * …"), or undefined when it is one. Anything that is not an IP address at all is refused too.
 */
export function specialAddress(ip: string): string | undefined {
  const bytes = ipBytes(ip);
  if (!bytes) return 'not an IP address';
  return bytes.length === 4 ? special4(bytes) : special6(bytes);
}

function special4(bytes: Bytes): string | undefined {
  return V4.find(([p]) => inPrefix(bytes, p))?.[1];
}

function special6(bytes: Bytes): string | undefined {
  for (const [p, name, at] of EMBEDDING) {
    if (!inPrefix(bytes, p)) continue;
    const v4 = bytes.slice(at, at + 4);
    const why = special4(v4);
    return why ? `${name} ${v4.join('.')}: ${why}` : undefined;
  }
  const hit = V6.find(([p]) => inPrefix(bytes, p));
  if (hit) return hit[1];
  // Outside 2000::/3 everything is reserved or special (IANA IPv6 address space): refuse what is not listed.
  return inPrefix(bytes, GLOBAL_UNICAST) ? undefined : 'reserved (outside 2000::/3)';
}

/**
 * Whether `ip` is in `cidr` (or equals it, for a bare address). An IPv4-mapped IPv6 address matches its
 * IPv4 rules, since it reaches the same host.
 */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const p = ipBytes(base);
  let bytes = ipBytes(ip);
  if (!p || !bytes) return false;
  if (bytes.length === 16 && p.length === 4 && inPrefix(bytes, EMBEDDING[0][0])) bytes = bytes.slice(12);
  const bits = bitsText === undefined ? p.length * 8 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > p.length * 8) return false;
  return inPrefix(bytes, { bytes: p, bits });
}

/** Whether `text` is an IP address or a well-formed CIDR (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressRule(text: string): boolean {
  const [base, bits, extra] = text.split('/');
  if (extra !== undefined || isIP(base) === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (isIP(base) === 4 ? 32 : 128);
}
