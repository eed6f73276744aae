/**
 * `weft events tail [--db] [--type] [--source] [--from-start]`: prints events as they are stored in the
 * local database, one JSON line each (`{seq, receivedAt, event}`), until interrupted. Reads the SQLite
 * file next to a running server (WAL lets a reader follow the writer).
 */
import type { Composed } from './compose.js';
import { compose, openStore } from './compose.js';
import { type Io, problemOf, reportProblem } from './problem.js';

export interface TailOptions {
  db: string;
  type?: string;
  source?: string;
  /** Print the stored history first instead of only what arrives from now on. */
  fromStart?: boolean;
  intervalMs?: number;
  /** Stops the tail (tests); the command otherwise runs until SIGINT/SIGTERM. */
  signal?: AbortSignal;
  /** Problems as RFC 9457 JSON instead of a line for people. */
  json?: boolean;
}

export async function eventsTail(o: TailOptions, io: Io): Promise<number> {
  let app: Composed;
  try {
    app = compose({ db: await openStore(o.db) });
  } catch (err) {
    reportProblem(io, problemOf(err), o.json);
    return 2;
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  o.signal?.addEventListener('abort', onSignal);
  try {
    const filter = { ...(o.type ? { type: o.type } : {}), ...(o.source ? { source: o.source } : {}) };
    let after = o.fromStart ? 0 : ((await app.store.events.list({ limit: 1 }))[0]?.seq ?? 0);
    while (!stop.signal.aborted) {
      const batch = await app.store.events.list({ ...filter, afterSeq: after, limit: 500 });
      for (const e of batch) io.out(JSON.stringify({ seq: e.seq, receivedAt: new Date(e.receivedAt).toISOString(), event: e.event }));
      if (batch.length) after = batch[batch.length - 1].seq;
      // With a filter the log may hold newer, non-matching events: move past them too.
      else if (Object.keys(filter).length) after = Math.max(after, (await app.store.events.list({ limit: 1 }))[0]?.seq ?? after);
      if (batch.length < 500) await new Promise((r) => setTimeout(r, o.intervalMs ?? 250));
    }
    return 0;
  } catch (err) {
    reportProblem(io, problemOf(err), o.json);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await app.close();
  }
}
