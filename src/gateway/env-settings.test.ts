import { describe, expect, it } from 'vitest';
import { httpHygieneFromEnv } from './env-settings.js';
import { resolveHttpLimits } from './http-limits.js';

describe('HTTP hygiene settings from the environment', () => {
  it('defaults: dev checks loopback names, 20 failures a minute, the default limits', () => {
    const h = httpHygieneFromEnv('dev', '127.0.0.1', {});
    expect(h.options.hosts?.names).toContain('localhost');
    expect(h.options.authFailureLimit).toBe(20);
    expect(h.options.httpLimits).toEqual({});
    expect(resolveHttpLimits(h.options.httpLimits)).toMatchObject({ maxHeaderBytes: 16384, maxHeaders: 100, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 });
  });

  it('reads every variable', () => {
    const h = httpHygieneFromEnv('serve', '0.0.0.0', {
      WEFT_ALLOWED_HOSTS: 'weft.example.com',
      WEFT_AUTH_FAILURE_LIMIT: '0',
      WEFT_HTTP_MAX_HEADER_BYTES: '8192',
      WEFT_HTTP_MAX_HEADERS: '50',
      WEFT_HTTP_HEADERS_TIMEOUT_MS: '5000',
      WEFT_HTTP_REQUEST_TIMEOUT_MS: '60000',
      WEFT_HTTP_KEEPALIVE_TIMEOUT_MS: '5000',
    });
    expect(h.options).toEqual({
      hosts: { names: ['weft.example.com'], ipLiterals: true },
      authFailureLimit: 0,
      httpLimits: { maxHeaderBytes: 8192, maxHeaders: 50, headersTimeoutMs: 5000, requestTimeoutMs: 60000, keepAliveTimeoutMs: 5000 },
    });
  });

  it('never lets the headers deadline exceed the request deadline', () => {
    expect(resolveHttpLimits({ headersTimeoutMs: 50_000, requestTimeoutMs: 20_000 }).headersTimeoutMs).toBe(20_000);
  });

  it.each([
    ['WEFT_AUTH_FAILURE_LIMIT', 'many'],
    ['WEFT_HTTP_MAX_HEADERS', '-1'],
    ['WEFT_HTTP_MAX_HEADER_BYTES', '10'],
    ['WEFT_HTTP_HEADERS_TIMEOUT_MS', '1.5'],
    ['WEFT_ALLOWED_HOSTS', 'not a host'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => httpHygieneFromEnv('serve', '127.0.0.1', { [name]: value })).toThrow(name);
  });
});
