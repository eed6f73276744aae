/**
 * `weft events tail [--db | --server] [--type] [--source] [--from-start]`: prints events as they are stored,
 * one JSON line each (`{seq, receivedAt, event}`), until interrupted. Locally it reads the SQLite file next
 * to a running server (WAL lets a reader follow the writer); remotely it polls the server's event log
 * (`GET /api/v1/events?after=`). Exit 0 when stopped, 2 or 3 when reading fails (problem.ts `exitStatusOf`).
 */
import { type Target, withPlatform } from './cli-platform.js';
import type { Io } from './problem.js';

export interface TailOptions extends Target {
  type?: string;
  source?: string;
  /** Print the stored history first instead of only what arrives from now on. */
  fromStart?: boolean;
  intervalMs?: number;
  /** Stops the tail (tests); the command otherwise runs until SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

const PAGE = 500;

export function eventsTail(o: TailOptions, io: Io): Promise<number> {
  return withPlatform(o, io, async (platform) => {
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    o.signal?.addEventListener('abort', onSignal);
    const newest = async () => (await platform.events.list({ limit: 1 }))[0]?.seq ?? 0;
    try {
      const filter = { ...(o.type ? { type: o.type } : {}), ...(o.source ? { source: o.source } : {}) };
      let after = o.fromStart ? 0 : await newest();
      while (!stop.signal.aborted) {
        const batch = await platform.events.list({ ...filter, afterSeq: after, limit: PAGE });
        for (const e of batch) io.out(JSON.stringify({ seq: e.seq, receivedAt: e.receivedAt, event: e.event }));
        if (batch.length) after = batch[batch.length - 1].seq;
        // With a filter the log may hold newer, non-matching events: move past them too.
        else if (Object.keys(filter).length) after = Math.max(after, await newest());
        if (batch.length < PAGE) await new Promise((r) => setTimeout(r, o.intervalMs ?? 250));
      }
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}
