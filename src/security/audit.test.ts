import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord, AuditStore } from '../ports/index.js';
// Tests only: the logic runs against the real adapters; production code in security/ never imports store/.
import { MemoryStore, SqliteStore } from '../store/index.js';
import { AuditLog, GENESIS_PREV, auditHash } from './audit.js';
import { contentHash } from './canonical-json.js';
import { AuthError } from './errors.js';

const T0 = 1_700_000_000_000;

const stores: [string, () => { audit: AuditStore; close(): Promise<void> }][] = [
  ['memory', () => {
    const s = new MemoryStore();
    return { audit: s.audit, close: () => s.close() };
  }],
  ['sqlite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-audit-'));
    const s = SqliteStore.open(join(dir, 'weft.db'));
    return {
      audit: s.audit,
      close: async () => {
        await s.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }],
];

/** The store as seen through a doctored all(): how verify() meets a database edited behind Weft's back. */
function tampered(store: AuditStore, edit: (records: AuditRecord[]) => AuditRecord[]): AuditStore {
  return { append: (seal) => store.append(seal), list: (f) => store.list(f), all: async () => edit(await store.all()) };
}

describe.each(stores)('AuditLog on the %s AuditStore', (_name, open) => {
  let h: ReturnType<typeof open>;
  let t: number;
  let log: AuditLog;

  beforeEach(() => {
    h = open();
    t = T0;
    log = new AuditLog(h.audit, { now: () => t++ });
  });
  afterEach(() => h.close());

  const seed = async () => {
    await log.record({ actor: 'key-a', action: 'workflow:register', target: 'workflow/default/order@1.0.0', after: contentHash({ v: 1 }) });
    await log.record({ actor: 'key-b', action: 'function:deploy', target: 'function/resize@1.0.0', before: contentHash({ v: 1 }), after: contentHash({ v: 2 }), detail: { alias: 'live', weights: [1, 0] } });
    await log.record({ actor: 'key-a', action: 'key:revoke', target: 'key/0123456789ab' });
  };

  it('verifies an empty log', async () => {
    await expect(log.verify()).resolves.toEqual({ ok: true, count: 0 });
  });

  it('seals records into a chain: seq from 1, prev = last hash (64 zeros first), hash over canonical JSON', async () => {
    await seed();
    const all = await h.audit.all();
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(all[0].prev).toBe(GENESIS_PREV);
    expect(all[0].prev).toBe('0'.repeat(64));
    expect(all[1].prev).toBe(all[0].hash);
    expect(all[2].prev).toBe(all[1].hash);
    // The hashed text, written out by hand: sorted keys, absent fields left out.
    const first = all[0];
    const text = `{"action":"workflow:register","actor":"key-a","after":"${first.after}","at":${T0},"prev":"${GENESIS_PREV}","seq":1,"target":"workflow/default/order@1.0.0"}`;
    expect(first.hash).toBe(createHash('sha256').update(text).digest('hex'));
    for (const r of all) expect(auditHash(r)).toBe(r.hash);
    await expect(log.verify()).resolves.toEqual({ ok: true, count: 3 });
  });

  it('returns the stored record from record()', async () => {
    const r = await log.record({ actor: 'cli', action: 'key:create', target: 'key/x', detail: { b: 1, a: [true, null] } });
    expect(r).toMatchObject({ seq: 1, at: T0, actor: 'cli', action: 'key:create', target: 'key/x', detail: { a: [true, null], b: 1 } });
    expect((await h.audit.all())[0]).toEqual(r);
  });

  it('keeps one chain under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => log.record({ actor: `a${i % 3}`, action: 'run:cancel', target: `run/${i}` })));
    const all = await h.audit.all();
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    await expect(log.verify()).resolves.toEqual({ ok: true, count: 25 });
  });

  it('lists newest first with filters', async () => {
    await seed();
    expect((await log.list()).map((r) => r.seq)).toEqual([3, 2, 1]);
    expect((await log.list({ actor: 'key-a' })).map((r) => r.seq)).toEqual([3, 1]);
    expect((await log.list({ action: 'function:deploy' })).map((r) => r.target)).toEqual(['function/resize@1.0.0']);
    expect((await log.list({ beforeSeq: 3, limit: 1 })).map((r) => r.seq)).toEqual([2]);
  });

  it('detects an edited field', async () => {
    await seed();
    const edited = new AuditLog(tampered(h.audit, (rs) => rs.map((r) => (r.seq === 2 ? { ...r, actor: 'someone-else' } : r))));
    await expect(edited.verify()).resolves.toMatchObject({ ok: false, seq: 2, reason: expect.stringMatching(/content was changed/) });
  });

  it('detects an edited detail and an edited before/after hash', async () => {
    await seed();
    const detail = new AuditLog(tampered(h.audit, (rs) => rs.map((r) => (r.seq === 2 ? { ...r, detail: { alias: 'canary', weights: [1, 0] } } : r))));
    await expect(detail.verify()).resolves.toMatchObject({ ok: false, seq: 2 });
    const after = new AuditLog(tampered(h.audit, (rs) => rs.map((r) => (r.seq === 1 ? { ...r, after: contentHash({ v: 9 }) } : r))));
    await expect(after.verify()).resolves.toMatchObject({ ok: false, seq: 1 });
  });

  it('detects an edit whose hash was recomputed: the next record no longer links', async () => {
    await seed();
    const forged = new AuditLog(tampered(h.audit, (rs) => rs.map((r) => {
      if (r.seq !== 2) return r;
      const body = { ...r, target: 'function/other@1.0.0' };
      return { ...body, hash: auditHash(body) };
    })));
    await expect(forged.verify()).resolves.toMatchObject({ ok: false, seq: 3, reason: expect.stringMatching(/link/) });
  });

  it('detects a removed and a reordered record', async () => {
    await seed();
    const removed = new AuditLog(tampered(h.audit, (rs) => rs.filter((r) => r.seq !== 2)));
    await expect(removed.verify()).resolves.toMatchObject({ ok: false, seq: 2, reason: expect.stringMatching(/removed or reordered/) });
    const swapped = new AuditLog(tampered(h.audit, (rs) => [rs[1], rs[0], rs[2]]));
    await expect(swapped.verify()).resolves.toMatchObject({ ok: false, seq: 1 });
  });

  it('refuses an entry without actor, action or target, or with a non-string hash (WEFT_ERR_AUTH_BAD_INPUT)', async () => {
    await expect(log.record({ actor: '', action: 'x', target: 'y' })).rejects.toMatchObject({ code: 'WEFT_ERR_AUTH_BAD_INPUT', status: 400 });
    await expect(log.record({ actor: 'a', action: 'x', target: 'y', after: 5 as never })).rejects.toBeInstanceOf(AuthError);
    expect(await h.audit.all()).toEqual([]);
  });
});
