import { describe, expect, it } from 'vitest';
import { EgressDenied, checkEgress, inCidr, isPrivateAddress, policyFromEnv } from './egress.js';

const resolveTo = (...addresses: string[]) => (async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))) as never;

describe('egress policy', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fe80::1', 'fd00::5', '::ffff:127.0.0.1', '100.64.0.1'])(
    '%s is private, loopback or link-local',
    (ip) => expect(isPrivateAddress(ip)).toBe(true),
  );

  it.each(['8.8.8.8', '172.32.0.1', '1.1.1.1', '2001:4860:4860::8888'])('%s is public', (ip) => expect(isPrivateAddress(ip)).toBe(false));

  it('matches CIDRs of both families', () => {
    expect(inCidr('10.9.8.7', '10.0.0.0/8')).toBe(true);
    expect(inCidr('11.0.0.1', '10.0.0.0/8')).toBe(false);
    expect(inCidr('fd00::1', 'fd00::/8')).toBe(true);
    expect(inCidr('10.0.0.1', 'fd00::/8')).toBe(false);
  });

  it('lets everything through in open mode', async () => {
    await expect(checkEgress({ mode: 'open', allow: [] }, 'http://127.0.0.1:9/x')).resolves.toBeUndefined();
  });

  it('refuses private destinations in restricted mode, also behind a host name', async () => {
    const policy = { mode: 'restricted' as const, allow: [] };
    await expect(checkEgress(policy, 'http://127.0.0.1:8080/')).rejects.toBeInstanceOf(EgressDenied);
    await expect(checkEgress(policy, 'http://[::1]/')).rejects.toThrow(/denied/);
    await expect(checkEgress(policy, 'https://internal.example/', resolveTo('8.8.8.8', '10.0.0.5'))).rejects.toThrow(/10\.0\.0\.5/);
    await expect(checkEgress(policy, 'https://api.example/', resolveTo('93.184.216.34'))).resolves.toBeUndefined();
  });

  it('allows what WEFT_EGRESS_ALLOW lists: hosts and CIDRs', async () => {
    const policy = policyFromEnv('restricted', { WEFT_EGRESS_ALLOW: 'localhost, 10.0.0.0/8' });
    expect(policy.allow).toEqual(['localhost', '10.0.0.0/8']);
    await expect(checkEgress(policy, 'http://localhost:3000/')).resolves.toBeUndefined();
    await expect(checkEgress(policy, 'http://10.2.3.4/')).resolves.toBeUndefined();
    await expect(checkEgress(policy, 'http://192.168.0.1/')).rejects.toBeInstanceOf(EgressDenied);
  });
});
