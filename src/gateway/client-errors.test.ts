import { describe, expect, it } from 'vitest';
import { clientErrorAnswer, rawProblemResponse } from './client-errors.js';

const err = (code: string, reason?: string) => Object.assign(new Error('Parse Error'), { code, reason });

describe('answers to what the HTTP parser refuses', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431, 'WEFT_ERR_HTTP_HEADERS_TOO_LARGE'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'WEFT_ERR_HTTP_TIMEOUT'],
    ['HPE_INVALID_TRANSFER_ENCODING', 400, 'WEFT_ERR_HTTP_BAD_REQUEST'],
    ['HPE_INVALID_METHOD', 400, 'WEFT_ERR_HTTP_BAD_REQUEST'],
    ['SOMETHING_NEW', 400, 'WEFT_ERR_HTTP_BAD_REQUEST'],
  ])('%s → %i %s', (code, status, weft) => {
    expect(clientErrorAnswer(err(code))).toMatchObject({ status, code: weft });
  });

  it('says nothing to a peer that is gone', () => {
    expect(clientErrorAnswer(err('ECONNRESET'))).toBeUndefined();
  });

  it("passes llhttp's reason on, but nothing that looks like request data", () => {
    expect(clientErrorAnswer(err('HPE_INVALID_TRANSFER_ENCODING', "Transfer-Encoding can't be present with Content-Length"))!.detail).toMatch(/can't be present/);
    expect(clientErrorAnswer(err('HPE_INVALID_URL', '<script>alert(1)</script>'))!.detail).toBe('the request is not valid HTTP/1.1');
  });

  it('writes a complete problem+json answer with the security headers and Connection: close', () => {
    const text = rawProblemResponse({ status: 431, code: 'WEFT_ERR_HTTP_HEADERS_TOO_LARGE', detail: 'too large' });
    const [head, body] = text.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/);
    expect(head).toMatch(/\r\nconnection: close/);
    expect(head).toMatch(/\r\nx-content-type-options: nosniff/);
    expect(head).toMatch(/\r\ncontent-security-policy: default-src 'none'; frame-ancestors 'none'/);
    expect(Number(/content-length: (\d+)/.exec(head)![1])).toBe(Buffer.byteLength(body));
    expect(JSON.parse(body)).toMatchObject({ status: 431, code: 'WEFT_ERR_HTTP_HEADERS_TOO_LARGE', title: expect.any(String), type: expect.any(String) });
  });
});
