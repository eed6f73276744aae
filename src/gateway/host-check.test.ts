import { describe, expect, it } from 'vitest';
import { hostAllowed, hostPolicyFor, parseAllowedHosts, parseHost } from './host-check.js';

describe('Host allow-list', () => {
  const dev = hostPolicyFor('dev', '127.0.0.1', undefined).policy!;

  it.each([
    ['127.0.0.1:8787', true],
    ['localhost:8787', true],
    ['LocalHost.:8787', true],
    ['[::1]:8787', true],
    ['localhost', true],
    ['evil.example:8787', false],
    ['0.0.0.0:8787', false],
    ['127.0.0.2:8787', false],
    ['localhost.evil.example', false],
    ['localhost:8787@evil.example', false],
    ['', false],
    [undefined, false],
  ])('dev: %s → %s', (host, ok) => {
    expect(hostAllowed(dev, host)).toBe(ok);
  });

  it('serve: configured names (with or without a port), the bound address and any IP address', () => {
    const { policy, notice } = hostPolicyFor('serve', '10.0.0.5', 'Weft.Example.com, api.example.com:8443');
    expect(notice).toBeUndefined();
    expect(hostAllowed(policy!, 'weft.example.com')).toBe(true);
    expect(hostAllowed(policy!, 'weft.example.com:9999')).toBe(true);
    expect(hostAllowed(policy!, 'api.example.com:8443')).toBe(true);
    expect(hostAllowed(policy!, 'api.example.com')).toBe(false);
    expect(hostAllowed(policy!, '10.0.0.5:8787')).toBe(true);
    expect(hostAllowed(policy!, '192.168.1.9')).toBe(true);
    expect(hostAllowed(policy!, '[fd00::1]:8787')).toBe(true);
    expect(hostAllowed(policy!, 'localhost')).toBe(false);
    expect(hostAllowed(policy!, 'evil.example')).toBe(false);
  });

  it('serve on loopback without configuration: loopback names and addresses only', () => {
    const { policy } = hostPolicyFor('serve', '127.0.0.1', undefined);
    expect(hostAllowed(policy!, 'localhost:8787')).toBe(true);
    expect(hostAllowed(policy!, 'weft.example.com')).toBe(false);
  });

  it('is off, and says so, when bound to every interface without names, or with *', () => {
    expect(hostPolicyFor('serve', '0.0.0.0', undefined)).toEqual({ notice: expect.stringMatching(/WEFT_ALLOWED_HOSTS/) });
    expect(hostPolicyFor('serve', '::', '')).toEqual({ notice: expect.any(String) });
    expect(hostPolicyFor('serve', '0.0.0.0', 'weft.example.com').policy?.names).toEqual(['weft.example.com']);
    expect(hostPolicyFor('dev', '127.0.0.1', '*')).toEqual({ notice: expect.stringMatching(/unsafe/) });
  });

  it('refuses a malformed WEFT_ALLOWED_HOSTS entry', () => {
    expect(() => parseAllowedHosts('good.example, bad host')).toThrow(/WEFT_ALLOWED_HOSTS/);
    expect(() => parseAllowedHosts('http://x.example')).toThrow(/WEFT_ALLOWED_HOSTS/);
    expect(parseHost('[::1]:80')).toEqual({ host: '[::1]', port: '80' });
  });
});
