/**
 * `weft events tail` next to a running server: it reads the server's database and prints each new event
 * as one JSON line, filtered by type and source, with or without the stored history.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsTail, type TailOptions } from '../../src/cli/events-command.js';
import { ce, publish, restartableServer, until } from './support.js';

let s: Awaited<ReturnType<typeof restartableServer>>;
beforeAll(async () => {
  s = await restartableServer();
});
afterAll(() => s.stop());

/** Starts a tail; `lines` fills as it prints; `stop()` ends it and resolves with its exit code. */
async function tail(o: Omit<TailOptions, 'db' | 'signal'> = {}) {
  const abort = new AbortController();
  const lines: { seq: number; receivedAt: string; event: Record<string, unknown> }[] = [];
  const errors: string[] = [];
  const done = eventsTail({ db: s.db, intervalMs: 20, signal: abort.signal, ...o }, { out: (l) => lines.push(JSON.parse(l)), err: (l) => errors.push(l) });
  // Let it read where the log ends before the test publishes.
  await new Promise((r) => setTimeout(r, 150));
  return {
    lines,
    errors,
    async stop() {
      abort.abort();
      return done;
    },
  };
}

describe('weft events tail', () => {
  it('prints events stored after it started, one JSON line each, in order, until stopped', async () => {
    const old = ce('tail.old', 0);
    await publish(s.call, old);
    const t = await tail();
    const [a, b] = [ce('tail.new', 1), ce('tail.other', 2, { subject: 'x' })];
    await publish(s.call, a);
    await publish(s.call, b);
    await until(async () => (t.lines.length >= 2 ? true : undefined));
    expect(await t.stop()).toBe(0);
    expect(t.lines.map((l) => l.event.id)).toEqual([a.id, b.id]);
    expect(t.lines[0]).toEqual({ seq: expect.any(Number), receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), event: expect.objectContaining(a) });
    expect(t.lines[1].seq).toBeGreaterThan(t.lines[0].seq);
    expect(t.errors).toEqual([]);
    // Stopped: nothing more is printed.
    await publish(s.call, ce('tail.new', 3));
    await new Promise((r) => setTimeout(r, 100));
    expect(t.lines).toHaveLength(2);
  });

  it('filters by type and source', async () => {
    const t = await tail({ type: 'tail.kept', source: '/keep' });
    const kept = ce('tail.kept', 1, { source: '/keep' });
    await publish(s.call, [ce('tail.kept', 2), ce('tail.dropped', 3, { source: '/keep' }), kept]);
    const later = ce('tail.kept', 4, { source: '/keep' });
    await publish(s.call, later);
    await until(async () => (t.lines.length >= 2 ? true : undefined));
    await t.stop();
    expect(t.lines.map((l) => l.event.id)).toEqual([kept.id, later.id]);
  });

  it('with fromStart prints the stored history first', async () => {
    const t = await tail({ fromStart: true, type: 'tail.old' });
    await until(async () => (t.lines.length >= 1 ? true : undefined));
    await t.stop();
    expect(t.lines.map((l) => l.event.type)).toEqual(['tail.old']);
  });

  it('bin/weft.js events tail --db … --type … --from-start streams lines until SIGINT, then exits 0', async () => {
    const marker = ce('tail.cli', 'marker');
    await publish(s.call, marker);
    const bin = fileURLToPath(new URL('../../bin/weft.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'events', 'tail', '--db', s.db, '--type', 'tail.cli', '--from-start'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      // The history first (the marker): then it is following the log.
      await until(async () => (out.includes(marker.id as string) ? true : undefined), 10_000);
      const next = ce('tail.cli', 'new');
      await publish(s.call, [ce('tail.other', 'skipped'), next]);
      await until(async () => (out.includes(next.id as string) ? true : undefined), 5_000);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out.trim().split('\n').map((l) => JSON.parse(l).event.data)).toEqual(['marker', 'new']);
  });

  it('a database it cannot open is a problem on stderr and exit code 2', async () => {
    const errors: string[] = [];
    const code = await eventsTail({ db: '/dev/null/nope/weft.db', intervalMs: 20, json: true }, { out: () => {}, err: (l) => errors.push(l) });
    expect(code).toBe(2);
    expect(JSON.parse(errors[0])).toMatchObject({ status: expect.any(Number), detail: expect.any(String) });
    const lines: string[] = [];
    await eventsTail({ db: '/dev/null/nope/weft.db', intervalMs: 20 }, { out: () => {}, err: (l) => lines.push(l) });
    expect(lines[0]).toMatch(/^weft: .+ \[WEFT_ERR_[A-Z_]+\]\n {2}→ .+$/);
  });
});
