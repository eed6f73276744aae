import { describe, expect, it } from 'vitest';
import { EVENT_TYPE_FILE, SUBSCRIPTION_FILE, checkEventTypeDefinition, checkSubscriptionDefinition } from './definitions.js';

const target = { function: { name: 'notify' } };

describe('event definition files', () => {
  it('are told by their names', () => {
    expect(['a.event-type.yaml', 'a.event-type.yml', 'a.event-type.json'].every((f) => EVENT_TYPE_FILE.test(f))).toBe(true);
    expect(['a.subscription.yaml', 'A.Subscription.JSON'].every((f) => SUBSCRIPTION_FILE.test(f))).toBe(true);
    expect(EVENT_TYPE_FILE.test('flow.yaml') || SUBSCRIPTION_FILE.test('subscription.yaml')).toBe(false);
  });
});

describe('checkEventTypeDefinition', () => {
  it('accepts a type with a schema that compiles', () => {
    expect(checkEventTypeDefinition({ type: 'com.example.A', schema: { type: 'object', required: ['id'] } })).toEqual([]);
  });

  it('names each wrong field', () => {
    expect(checkEventTypeDefinition({ type: '', schema: { type: 'nonsense' }, extra: 1 }).map((p) => p.pointer)).toEqual(['/type', '/schema', '/extra']);
    expect(checkEventTypeDefinition({ type: 'x' })).toEqual([{ pointer: '/schema', message: "schema is the JSON Schema the events' data must satisfy", code: 'WEFT_ERR_EVENT_CONFIG' }]);
    expect(checkEventTypeDefinition([])).toEqual([{ pointer: '', message: 'an event type file is an object: {type, schema}', code: 'WEFT_ERR_EVENT_CONFIG' }]);
  });
});

describe('checkSubscriptionDefinition', () => {
  it('accepts what the API accepts', () => {
    expect(checkSubscriptionDefinition({ name: 'notify-on-order', filter: { type: 'com.example.A', condition: '.data.total > 10' }, target, maxAttempts: 5 })).toEqual([]);
    expect(checkSubscriptionDefinition({ name: 'w', target: { workflow: { namespace: 'shop', name: 'place' }, input: '.data' } })).toEqual([]);
  });

  it('points at what is wrong: the name, the shape, a condition or a mapping that does not compile', () => {
    expect(checkSubscriptionDefinition({ name: 'has space', target }).map((p) => p.pointer)).toEqual(['/name']);
    expect(checkSubscriptionDefinition({ name: 'a', filter: { typo: 'x' }, target, maxAttempts: 0 }).map((p) => p.pointer).sort()).toEqual(['/filter', '/maxAttempts']);
    expect(checkSubscriptionDefinition({ name: 'a' }).map((p) => p.pointer)).toEqual(['/target']);
    const condition = checkSubscriptionDefinition({ name: 'a', filter: { condition: '.data |' }, target });
    expect(condition).toHaveLength(1);
    expect(condition[0]).toMatchObject({ pointer: '/filter/condition', code: 'WEFT_ERR_EVENT_CONFIG' });
    expect(checkSubscriptionDefinition({ name: 'a', target: { ...target, input: '{' } })[0]).toMatchObject({ pointer: '/target/input', code: 'WEFT_ERR_EVENT_CONFIG' });
  });
});
