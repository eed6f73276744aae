import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { networkCause } from './network-cause.js';

describe('networkCause', () => {
  it('says a refused connection in words, from the error undici wraps in cause', async () => {
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const err = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect((err as Error).message).toBe('fetch failed');
    expect(networkCause(err)).toBe('connection refused (ECONNREFUSED)');
  });

  it('names DNS, TLS and timeouts, and keeps an unknown code', () => {
    expect(networkCause(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' }))).toBe('host not found (DNS) (ENOTFOUND)');
    expect(networkCause(new TypeError('fetch failed', { cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) }))).toBe('TLS: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)');
    expect(networkCause(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe('timed out');
    expect(networkCause(new AggregateError([Object.assign(new Error('connect EHOSTUNREACH'), { code: 'EHOSTUNREACH' })]))).toBe('host unreachable (EHOSTUNREACH)');
    expect(networkCause(Object.assign(new Error('odd failure'), { code: 'EODD' }))).toBe('odd failure (EODD)');
    expect(networkCause(new Error('plain'))).toBe('plain');
  });
});
