/**
 * The ONE contract suite every EventTypeStore adapter runs (DESIGN.md §9): event types and their JSON Schemas. Like ./run-store-contract.ts it
 * imports vitest, so it is imported from tests only, never from ../index.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventTypeStore } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';

export interface EventTypeStoreHandle {
  eventTypes: EventTypeStore;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export interface EventTypeStoreHooks {
  /** Opens the same storage again after `closed` was closed; the durability test skips without it. */
  reopen?: (closed: EventTypeStoreHandle) => Promise<EventTypeStoreHandle>;
}

const T0 = 1_700_000_000_000;

const SCHEMA = { type: 'object', properties: { n: { type: 'integer', minimum: -0 } }, required: ['n'], gone: undefined };
const SCHEMA_READ = { type: 'object', properties: { n: { type: 'integer', minimum: 0 } }, required: ['n'] };

export function eventTypeStoreContract(name: string, make: () => Promise<EventTypeStoreHandle>, hooks: EventTypeStoreHooks = {}): void {
  describe(`EventTypeStore contract: ${name}`, () => {
    let handle: EventTypeStoreHandle;
    let catalog: EventTypeStore;
    beforeEach(async () => {
      handle = await make();
      catalog = handle.eventTypes;
    });
    afterEach(async () => {
      await handle.close();
    });

    it('event types: put upserts by type, JSON schemas round-trip, list by type, delete says whether it deleted', async () => {
      await catalog.putType('order.paid', SCHEMA as never, T0);
      await catalog.putType('order.created', true, T0 + 1);
      expect(await catalog.getType('order.paid')).toEqual({ type: 'order.paid', schema: SCHEMA_READ, updatedAt: T0 });
      const minimum = ((await catalog.getType('order.paid'))!.schema as typeof SCHEMA_READ).properties.n.minimum;
      expect(Object.is(minimum, 0)).toBe(true);
      await catalog.putType('order.paid', { type: 'object' }, T0 + 5);
      expect(await catalog.getType('order.paid')).toEqual({ type: 'order.paid', schema: { type: 'object' }, updatedAt: T0 + 5 });
      expect(await catalog.listTypes()).toEqual([
        { type: 'order.created', schema: true, updatedAt: T0 + 1 },
        { type: 'order.paid', schema: { type: 'object' }, updatedAt: T0 + 5 },
      ]);
      expect(await catalog.deleteType('order.paid')).toBe(true);
      expect(await catalog.deleteType('order.paid')).toBe(false);
      expect(await catalog.getType('order.paid')).toBeUndefined();
      expect((await catalog.listTypes()).map((t) => t.type)).toEqual(['order.created']);
    });

    it('keeps its own copy: mutating the caller’s schema before or after changes nothing', async () => {
      const schema = { required: ['a'] };
      const write = catalog.putType('t', schema, T0);
      schema.required.push('b');
      await write;
      const t = await catalog.getType('t');
      expect(t?.schema).toEqual({ required: ['a'] });
      (t!.schema as { required: string[] }).required.push('c');
      expect((await catalog.getType('t'))?.schema).toEqual({ required: ['a'] });
    });

    it('refuses malformed types and stores nothing', async () => {
      const refused = [catalog.putType('', {}, T0), catalog.putType('t', { n: 1n } as never, T0), catalog.putType('t', {}, Number.NaN)];
      for (const p of refused) await expect(p).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      expect(await catalog.listTypes()).toEqual([]);
    });

    it.skipIf(!hooks.reopen)('keeps types across close and reopen', async () => {
      await catalog.putType('t', { title: 'é' }, T0);
      const before = await catalog.listTypes();
      await handle.close();
      handle = await hooks.reopen!(handle);
      catalog = handle.eventTypes;
      expect(await catalog.listTypes()).toEqual(before);
      expect(before).toHaveLength(1);
    });
  });
}
