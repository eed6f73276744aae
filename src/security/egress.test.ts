import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EGRESS_LIMITS, EgressDenied, checkEgress, describeEgress, egressModeFor, hostAllowed, inCidr, isPrivateAddress, limitsFromEnv, policyFromEnv, refusal,
} from './egress.js';
import { ipBytes, specialAddress } from './outbound-address.js';

const resolveTo = (...addresses: string[]) => (async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))) as never;

describe('address classification (on parsed bytes, every spelling)', () => {
  // [address, what it must be classified as]
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['10.1.2.3', /private \(10/],
    ['172.16.0.1', /private \(172/],
    ['172.31.255.255', /private \(172/],
    ['192.168.1.1', /private \(192\.168/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.255', /carrier-grade NAT/],
    ['169.254.169.254', /link-local/],
    ['0.0.0.0', /this network/],
    ['0.1.2.3', /this network/],
    ['192.0.0.8', /IETF/],
    ['192.0.2.1', /documentation/],
    ['198.51.100.7', /documentation/],
    ['203.0.113.9', /documentation/],
    ['198.18.0.1', /benchmarking/],
    ['198.19.255.255', /benchmarking/],
    ['192.88.99.1', /6to4 relay/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['240.0.0.1', /reserved/],
    ['255.255.255.255', /broadcast/],
    ['::', /unspecified/],
    ['::1', /loopback \(::1\)/],
    ['0:0:0:0:0:0:0:1', /loopback \(::1\)/],
    ['fe80::1', /link-local/],
    ['fe80::1%eth0', /link-local/],
    ['febf::1', /link-local/],
    ['fec0::1', /site-local/],
    ['fc00::1', /unique-local/],
    ['fd00::5', /unique-local/],
    ['ff02::1', /multicast/],
    ['ff05::1:3', /multicast/],
    ['::ffff:127.0.0.1', /IPv4-mapped 127\.0\.0\.1: loopback/],
    ['::ffff:7f00:1', /IPv4-mapped 127\.0\.0\.1: loopback/],
    ['0:0:0:0:0:ffff:7f00:1', /IPv4-mapped 127\.0\.0\.1: loopback/],
    ['0000:0000:0000:0000:0000:FFFF:7F00:0001', /IPv4-mapped 127\.0\.0\.1: loopback/],
    ['::ffff:a9fe:a9fe', /IPv4-mapped 169\.254\.169\.254: link-local/],
    ['::ffff:10.0.0.1', /IPv4-mapped 10\.0\.0\.1: private/],
    ['::127.0.0.1', /IPv4-compatible/],
    ['::7f00:1', /IPv4-compatible/],
    ['::8.8.8.8', /IPv4-compatible/],
    ['::ffff:0:7f00:1', /IPv4-translated/],
    ['64:ff9b::7f00:1', /NAT64 127\.0\.0\.1: loopback/],
    ['64:ff9b::127.0.0.1', /NAT64 127\.0\.0\.1: loopback/],
    ['64:ff9b::a9fe:a9fe', /NAT64 169\.254\.169\.254: link-local/],
    ['64:ff9b:1::1', /local-use NAT64/],
    ['2002:7f00:1::1', /6to4 127\.0\.0\.1: loopback/],
    ['2002:c0a8:101::', /6to4 192\.168\.1\.1: private/],
    ['2001::1', /Teredo/],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', /Teredo/],
    ['2001:2::1', /IETF protocol assignments/],
    ['2001:db8::1', /documentation/],
    ['3fff::1', /documentation/],
    ['100::1', /discard-only/],
    ['5f00::1', /SRv6/],
    ['1::1', /reserved/],
    ['4000::1', /reserved/],
    ['not-an-ip', /not an IP/],
  ])('%s is special: %s', (ip, why) => {
    expect(specialAddress(ip)).toMatch(why);
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '198.20.0.1', '223.255.255.255', '2001:4860:4860::8888', '2606:4700::1111', '::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::808:808', '2002:808:808::1'])(
    '%s is public',
    (ip) => expect(specialAddress(ip)).toBeUndefined(),
  );

  it('parses every IPv6 spelling to the same bytes', () => {
    const want = ipBytes('::ffff:127.0.0.1');
    for (const s of ['::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1', '[::ffff:127.0.0.1]', '::FFFF:7F00:0001', '0::ffff:127.0.0.1']) expect(ipBytes(s), s).toEqual(want);
    expect(ipBytes('::ffff:0.0.0.0')).toEqual(ipBytes('::ffff:0:0'));
    expect(ipBytes('1::')).toEqual(Uint8Array.from([0, 1, ...Array(14).fill(0)]));
  });

  it('matches CIDRs of both families, IPv4 rules on IPv4-mapped addresses too', () => {
    expect(inCidr('10.9.8.7', '10.0.0.0/8')).toBe(true);
    expect(inCidr('11.0.0.1', '10.0.0.0/8')).toBe(false);
    expect(inCidr('fd00::1', 'fd00::/8')).toBe(true);
    expect(inCidr('10.0.0.1', 'fd00::/8')).toBe(false);
    expect(inCidr('::ffff:10.1.1.1', '10.0.0.0/8')).toBe(true);
    expect(inCidr('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(inCidr('127.0.0.2', '127.0.0.1')).toBe(false);
    expect(inCidr('10.0.0.1', '10.0.0.0/33')).toBe(false);
  });
});

describe('egress policy', () => {
  it('lets everything through in open mode', async () => {
    await expect(checkEgress({ mode: 'open', allow: [] }, 'http://127.0.0.1:9/x')).resolves.toBeUndefined();
    expect(refusal({ mode: 'open', allow: [] }, '127.0.0.1', '127.0.0.1')).toBeUndefined();
  });

  it('refuses private destinations in restricted mode, also behind a host name', async () => {
    const policy = { mode: 'restricted' as const, allow: [] };
    await expect(checkEgress(policy, 'http://127.0.0.1:8080/')).rejects.toBeInstanceOf(EgressDenied);
    await expect(checkEgress(policy, 'http://[::1]/')).rejects.toThrow(/denied/);
    await expect(checkEgress(policy, 'http://[::ffff:127.0.0.1]/')).rejects.toThrow(/IPv4-mapped/);
    await expect(checkEgress(policy, 'http://[64:ff9b::7f00:1]/')).rejects.toThrow(/NAT64/);
    await expect(checkEgress(policy, 'http://0x7f.1/')).rejects.toThrow(/loopback/);
    await expect(checkEgress(policy, 'https://internal.example/', resolveTo('8.8.8.8', '10.0.0.5'))).rejects.toThrow(/10\.0\.0\.5/);
    await expect(checkEgress(policy, 'https://api.example/', resolveTo('93.184.216.34'))).resolves.toBeUndefined();
  });

  it('allows what WEFT_EGRESS_ALLOW lists: hosts, *.domains, IPs and CIDRs', async () => {
    const policy = policyFromEnv('restricted', { WEFT_EGRESS_ALLOW: 'localhost, 10.0.0.0/8, *.corp.example, 127.0.0.1' });
    expect(policy.allow).toEqual(['localhost', '10.0.0.0/8', '*.corp.example', '127.0.0.1']);
    await expect(checkEgress(policy, 'http://localhost:3000/')).resolves.toBeUndefined();
    await expect(checkEgress(policy, 'http://10.2.3.4/')).resolves.toBeUndefined();
    await expect(checkEgress(policy, 'http://db.corp.example/', resolveTo('192.168.9.9'))).resolves.toBeUndefined();
    await expect(checkEgress(policy, 'http://[::ffff:127.0.0.1]/')).resolves.toBeUndefined();
    await expect(checkEgress(policy, 'http://127.0.0.2/')).rejects.toBeInstanceOf(EgressDenied);
    await expect(checkEgress(policy, 'http://192.168.0.1/')).rejects.toBeInstanceOf(EgressDenied);
  });

  it('refuses a malformed allow list and unknown modes at start', () => {
    expect(() => policyFromEnv('restricted', { WEFT_EGRESS_ALLOW: 'http://x.example' })).toThrow(/WEFT_EGRESS_ALLOW/);
    expect(() => policyFromEnv('restricted', { WEFT_EGRESS_ALLOW: '10.0.0.0/40' })).toThrow(/WEFT_EGRESS_ALLOW/);
    expect(() => egressModeFor('serve', { WEFT_EGRESS: 'off' })).toThrow(/WEFT_EGRESS/);
    expect(() => limitsFromEnv({ WEFT_EGRESS_MAX_BODY_BYTES: '-1' })).toThrow(/WEFT_EGRESS_MAX_BODY_BYTES/);
  });

  it('is restricted in serve and open in dev and run unless WEFT_EGRESS says otherwise', () => {
    expect([egressModeFor('serve', {}), egressModeFor('dev', {}), egressModeFor('run', {})]).toEqual(['restricted', 'open', 'open']);
    expect([egressModeFor('serve', { WEFT_EGRESS: 'open' }), egressModeFor('dev', { WEFT_EGRESS: 'restricted' })]).toEqual(['open', 'restricted']);
    expect(limitsFromEnv({})).toEqual(DEFAULT_EGRESS_LIMITS);
    expect(limitsFromEnv({ WEFT_EGRESS_MAX_BODY_BYTES: '1000', WEFT_EGRESS_TIMEOUT_MS: '500' })).toEqual({ maxBodyBytes: 1000, timeoutMs: 500 });
    expect(describeEgress('dev', { mode: 'open', allow: [] }, DEFAULT_EGRESS_LIMITS)).toMatch(/egress is open \(weft dev\).*weft serve restricts it/);
    expect(describeEgress('serve', { mode: 'restricted', allow: ['10.0.0.0/8'] }, DEFAULT_EGRESS_LIMITS)).toMatch(/egress is restricted.*allowed: 10\.0\.0\.0\/8/);
  });

  it('matches a function egress list by name, wildcard, IP and CIDR', () => {
    expect(hostAllowed(['api.example.com'], 'api.example.com')).toBe(true);
    expect(hostAllowed(['*.example.com'], 'a.b.example.com')).toBe(true);
    expect(hostAllowed(['*.example.com'], 'example.com.evil')).toBe(false);
    expect(hostAllowed(['127.0.0.1'], '[::ffff:7f00:1]')).toBe(true);
    expect(hostAllowed(['10.0.0.0/8'], '10.1.1.1')).toBe(true);
    expect(hostAllowed(['10.0.0.0/8'], 'ten.example')).toBe(false);
  });
});
