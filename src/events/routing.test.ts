import { describe, expect, it } from 'vitest';
import type { CloudEvent, Subscription } from '../ports/index.js';
import { EVENT_ERROR_CODES, EventError } from './errors.js';
import { Router, checkSubscription } from './routing.js';

const target = { workflow: { namespace: 'shop', name: 'inventory' } };
const sub = (name: string, filter: Subscription['filter']): Subscription => ({ name, filter, target, createdAt: 0 });
const event = (over: Partial<CloudEvent> = {}): CloudEvent => ({ specversion: '1.0', id: 'e-1', source: '/shop', type: 'order.placed', data: { total: 120, country: 'NL', items: [{ sku: 'a' }] }, ...over });

describe('Router', () => {
  it('matches on type, source and subject equality; an empty filter takes every event', () => {
    const r = new Router();
    r.load([sub('all', {}), sub('placed', { type: 'order.placed' }), sub('shop-placed', { type: 'order.placed', source: '/shop' }), sub('other-source', { source: '/crm' }), sub('subject', { subject: 'o-1' })]);
    expect(r.route(event())).toEqual(['all', 'placed', 'shop-placed']);
    expect(r.route(event({ type: 'order.shipped' }))).toEqual(['all']);
    expect(r.route(event({ source: '/crm', subject: 'o-1' }))).toEqual(['all', 'placed', 'other-source', 'subject']);
  });

  it('does not treat the type as a prefix or a pattern', () => {
    const r = new Router();
    r.load([sub('s', { type: 'order' }), sub('dot', { type: 'order.placed.' }), sub('re', { type: 'order.*' })]);
    expect(r.route(event())).toEqual([]);
  });

  it('evaluates a jq condition on the whole event, with or without ${ }', () => {
    const r = new Router();
    r.load([
      sub('big', { type: 'order.placed', condition: '.data.total > 100' }),
      sub('nl', { condition: '${ .data.country == "NL" }' }),
      sub('has-a', { condition: '.data.items | any(.sku == "a")' }),
      sub('ext', { condition: '.priority == "high"' }),
    ]);
    expect(r.route(event())).toEqual(['big', 'nl', 'has-a']);
    expect(r.route(event({ data: { total: 50, country: 'DE', items: [] } }))).toEqual([]);
    expect(r.route(event({ priority: 'high', data: { total: 1, country: 'NL', items: [] } }))).toEqual(['nl', 'ext']);
  });

  it('a condition that yields null or false does not match; one that fails on an event does not match either', () => {
    const r = new Router();
    r.load([sub('null', { condition: '.data.missing' }), sub('false', { condition: 'false' }), sub('fails', { condition: '.data.total | ascii_downcase' }), sub('ok', { condition: '.data.total' })]);
    expect(r.route(event())).toEqual(['ok']);
  });

  it('get finds a subscription by name; load replaces the table', () => {
    const r = new Router();
    r.load([sub('a', {}), sub('b', { type: 'x' })]);
    expect(r.get('b')?.filter).toEqual({ type: 'x' });
    expect(r.subscriptions.map((s) => s.name)).toEqual(['a', 'b']);
    r.load([sub('c', {})]);
    expect(r.get('a')).toBeUndefined();
    expect(r.route(event())).toEqual(['c']);
  });
});

describe('checkSubscription', () => {
  it('refuses a condition that does not compile, naming the subscription and the pointer', () => {
    let err: unknown;
    try {
      checkSubscription(sub('broken', { condition: '.data.total >' }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EventError);
    expect((err as EventError).code).toBe(EVENT_ERROR_CODES.config);
    expect((err as EventError).message).toMatch(/broken/);
    expect((err as EventError).extra.pointer).toBe('/filter/condition');
    expect(() => new Router().load([sub('broken', { condition: '(' })])).toThrow(EventError);
  });

  it('accepts a filter without a condition and a valid condition', () => {
    expect(() => checkSubscription(sub('a', {}))).not.toThrow();
    expect(() => checkSubscription(sub('b', { condition: '.data.total > 100 and .type == "x"' }))).not.toThrow();
  });
});
