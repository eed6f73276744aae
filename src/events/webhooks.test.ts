import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Webhook } from '../ports/index.js';
import { EVENT_ERROR_CODES, EventError } from './errors.js';
import { checkBody, verifySignature, webhookOf } from './webhooks.js';

const wf = { workflow: { namespace: 'shop', name: 'orders' } };
const secrets = { GITHUB_HOOK: 'shh-its-a-secret' };
const body = Buffer.from('{"action":"opened","number":42}');
const sign = (raw: Buffer, key = secrets.GITHUB_HOOK) => `sha256=${createHmac('sha256', key).update(raw).digest('hex')}`;
const hook = (over: Partial<Webhook> = {}): Webhook => ({ path: 'github', target: wf, secret: 'GITHUB_HOOK', respond: 'async', owner: 'workflow:shop/orders', ...over });

function refusal(f: () => unknown): EventError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(EventError);
    return err as EventError;
  }
  throw new Error('expected an EventError');
}

describe('verifySignature (HMAC-SHA256 of the raw body)', () => {
  it('accepts a valid X-Hub-Signature-256 or X-Weft-Signature (hex in any case)', () => {
    expect(() => verifySignature(hook(), { 'x-hub-signature-256': sign(body) }, body, secrets)).not.toThrow();
    expect(verifySignature(hook({ secret: undefined }), {}, body, {})).toBeUndefined();
    // Which accepted value signed: the vault's current (0) or, during its overlap, the previous (1).
    const two = { GITHUB_HOOK: ['new-key-value', secrets.GITHUB_HOOK] };
    expect(verifySignature(hook(), { 'x-hub-signature-256': sign(body) }, body, two)).toBe(1);
    expect(verifySignature(hook(), { 'x-hub-signature-256': sign(body, 'new-key-value') }, body, two)).toBe(0);
    expect(verifySignature(hook(), { 'x-hub-signature-256': sign(body) }, body, secrets)).toBe(0);
    expect(() => verifySignature(hook(), { 'x-weft-signature': sign(body).toUpperCase().replace('SHA256', 'sha256') }, body, secrets)).not.toThrow();
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['a signature of another body', { 'x-hub-signature-256': sign(Buffer.from('{"action":"closed","number":42}')) }, /does not match/],
    ['a signature with another key', { 'x-hub-signature-256': sign(body, 'guess') }, /does not match/],
    ['a truncated signature', { 'x-hub-signature-256': sign(body).slice(0, 40) }, /does not match/],
    ['a signature without the sha256= prefix', { 'x-hub-signature-256': sign(body).slice(7) }, /does not match/],
    ['a sha1 signature', { 'x-hub-signature-256': `sha1=${createHmac('sha1', secrets.GITHUB_HOOK).update(body).digest('hex')}` }, /does not match/],
    ['no signature', {}, /needs a signature/],
    ['an empty signature', { 'x-hub-signature-256': '' }, /needs a signature/],
  ])('refuses %s with 401', (_what, headers, message) => {
    const err = refusal(() => verifySignature(hook(), headers, body, secrets));
    expect(err.code).toBe(EVENT_ERROR_CODES.signature);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(message);
  });

  it('refuses every call when the named secret is not configured (never falls back to unsigned)', () => {
    expect(refusal(() => verifySignature(hook(), { 'x-hub-signature-256': sign(body) }, body, {})).message).toMatch(/not configured/);
  });

  it('checks the bytes as received, not a re-serialisation', () => {
    const spaced = Buffer.from('{ "action": "opened", "number": 42 }');
    expect(() => verifySignature(hook(), { 'x-hub-signature-256': sign(spaced) }, spaced, secrets)).not.toThrow();
    expect(() => verifySignature(hook(), { 'x-hub-signature-256': sign(spaced) }, body, secrets)).toThrow(EventError);
  });

  it('a webhook without a secret needs no signature', () => {
    expect(() => verifySignature(hook({ secret: undefined }), {}, body, {})).not.toThrow();
  });
});

describe('checkBody', () => {
  const schema = { type: 'object', required: ['action'], properties: { action: { enum: ['opened', 'closed'] }, number: { type: 'integer' } } };

  it('accepts a body matching the schema, or any body without one', () => {
    expect(() => checkBody(hook({ schema }), { action: 'opened', number: 1 })).not.toThrow();
    expect(() => checkBody(hook(), 'anything')).not.toThrow();
  });

  it('refuses a body that violates the schema, naming the path', () => {
    const err = refusal(() => checkBody(hook({ schema }), { action: 'opened', number: 1.5 }));
    expect(err.code).toBe(EVENT_ERROR_CODES.schema);
    expect(err.status).toBe(400);
    expect(err.extra.pointer).toBe('/number');
    expect(refusal(() => checkBody(hook({ schema }), { number: 1 })).extra.pointer).toBe('/action');
  });
});

describe('webhookOf', () => {
  it('reads a declared webhook with defaults (respond: sync) and an input mapping', () => {
    expect(webhookOf(undefined, wf, 'workflow:shop/orders')).toBeUndefined();
    expect(webhookOf({ path: 'orders.v1', secret: 'S_1', input: '.payload' }, wf, 'workflow:shop/orders')).toEqual({
      path: 'orders.v1',
      target: { ...wf, input: '.payload' },
      secret: 'S_1',
      respond: 'sync',
      owner: 'workflow:shop/orders',
    });
  });

  it.each<[string, unknown, string]>([
    ['a string', 'orders', '/webhook'],
    ['no path', {}, '/webhook/path'],
    ['a path with a slash', { path: 'a/b' }, '/webhook/path'],
    ['a path with ..', { path: 'a..b' }, '/webhook/path'],
    ['a secret that is not a name', { path: 'p', secret: 'x-y' }, '/webhook/secret'],
    ['an unknown respond', { path: 'p', respond: 'later' }, '/webhook/respond'],
    ['a schema that is not an object', { path: 'p', schema: 'object' }, '/webhook/schema'],
    ['a schema that does not compile', { path: 'p', schema: { type: 'nope' } }, '/webhook/schema'],
    ['a mapping that does not compile', { path: 'p', input: '.[' }, '/target/input'],
  ])('refuses %s', (_what, declared, pointer) => {
    const err = refusal(() => webhookOf(declared, wf, 'workflow:shop/orders'));
    expect(err.code).toBe(EVENT_ERROR_CODES.config);
    expect(err.extra.pointer).toBe(pointer);
  });
});
