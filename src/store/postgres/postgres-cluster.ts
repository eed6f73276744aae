/**
 * Multi-node coordination on PostgreSQL (the Cluster port, DESIGN.md §5). A run's lease is a row of
 * `run_leases` (owner, expiry) inserted with the run (owned by the worker that creates it, or by nobody
 * when an api-only node does) and deleted when it ends (postgres-store.ts); renewed for all of a node's
 * runs by one UPDATE per heartbeat, and taken over with `FOR UPDATE SKIP LOCKED` once it expired, so two
 * nodes scanning at once never claim the same run. Every statement here locks lease rows with SKIP
 * LOCKED, never waiting: a row a journal transaction holds (a run being created or ending) is skipped
 * this round, and no lock order can deadlock. Every lease time is on the database's clock: nodes'
 * clocks may disagree, the database's is one.
 *
 * Wake-ups are LISTEN/NOTIFY on one dedicated connection; channels carry the schema's name so that
 * several Weft installations (or test schemas) in one database do not wake each other. A notification
 * can be lost (the connection drops and is re-opened): callers keep a slow poll as the safety net.
 */
import pg from 'pg';
import type { Cluster, ClusterChannel, NodeInfo, NodeRole } from '../../ports/index.js';
import { driverError } from './driver-error.js';

/** The database's clock in epoch ms. clock_timestamp(), not now(): now() is frozen for a transaction. */
export const DB_NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;


/** Nodes that have not heartbeat for this long are forgotten (removed from `weft nodes`). */
const FORGET_AFTER_MS = 60 * 60 * 1000;
const CHANNELS: readonly ClusterChannel[] = ['work', 'ended', 'events', 'control', 'catalog'];

export interface PostgresClusterOptions {
  pool: pg.Pool;
  /** Opens the LISTEN connection (same database and search path as the pool). */
  connect: () => pg.Client;
  schema: string;
  nodeId: string;
  leaseMs: number;
}

export class PostgresCluster implements Cluster {
  readonly nodeId: string;
  readonly leaseMs: number;
  private readonly handlers = new Map<ClusterChannel, Set<(payload: string) => void>>();
  private listener?: pg.Client;
  private info?: { roles: NodeRole[]; host: string; pid: number; address?: string };
  private left = false;
  private reconnect?: NodeJS.Timeout;

  constructor(private readonly o: PostgresClusterOptions) {
    this.nodeId = o.nodeId;
    this.leaseMs = Math.max(1_000, Math.trunc(o.leaseMs));
  }

  /** `weft_<schema>_<channel>`: schema names are plain lower-case identifiers (checkSchema). */
  channel(c: ClusterChannel): string {
    return `weft_${this.o.schema}_${c}`;
  }

  async join(info: { roles: NodeRole[]; host: string; pid: number; address?: string }): Promise<void> {
    this.info = info;
    await this.query(`DELETE FROM nodes WHERE heartbeat_at < ${DB_NOW_MS} - $1`, [FORGET_AFTER_MS]);
    await this.upsertNode();
    await this.listen();
  }

  private upsertNode(): Promise<unknown> {
    const i = this.info!;
    return this.query(
      `INSERT INTO nodes (id, roles, host, pid, address, started_at, heartbeat_at, lease_ms)
       VALUES ($1, $2, $3, $4, $5, ${DB_NOW_MS}, ${DB_NOW_MS}, $6)
       ON CONFLICT (id) DO UPDATE SET roles = $2, host = $3, pid = $4, address = $5, heartbeat_at = ${DB_NOW_MS}, lease_ms = $6`,
      [this.nodeId, i.roles.join(','), i.host, i.pid, i.address ?? null, this.leaseMs],
    );
  }

  async heartbeat(driving: string[]): Promise<string[]> {
    const { rows } = await this.query<{ node: number; lost: string[] }>(
      `WITH n AS (UPDATE nodes SET heartbeat_at = ${DB_NOW_MS} WHERE id = $1 RETURNING id),
            r AS (UPDATE run_leases SET expires = ${DB_NOW_MS} + $2
                  WHERE run_id IN (SELECT run_id FROM run_leases WHERE owner = $1 AND run_id = ANY($3::text[]) FOR UPDATE SKIP LOCKED))
       SELECT (SELECT count(*) FROM n)::int AS node,
              array(SELECT run_id FROM run_leases WHERE run_id = ANY($3::text[]) AND owner IS NOT NULL AND owner <> $1) AS lost`,
      [this.nodeId, this.leaseMs, driving],
    );
    // Forgotten after a long pause (or removed by an operator): register again.
    if (rows[0].node === 0 && this.info) await this.upsertNode();
    return rows[0].lost;
  }

  async claimOrphans(limit: number): Promise<string[]> {
    const { rows } = await this.query<{ run_id: string }>(
      `UPDATE run_leases SET owner = $1, expires = ${DB_NOW_MS} + $2
       WHERE run_id IN (
         SELECT run_id FROM run_leases
         WHERE owner IS NULL OR expires < ${DB_NOW_MS}
         ORDER BY expires LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING run_id`,
      [this.nodeId, this.leaseMs, Math.max(1, Math.trunc(limit))],
    );
    return rows.map((r) => r.run_id);
  }

  async release(runIds?: string[]): Promise<void> {
    const { rowCount } = await this.query(
      `UPDATE run_leases SET owner = NULL, expires = 0
       WHERE run_id IN (SELECT run_id FROM run_leases WHERE owner = $1 AND ($2::text[] IS NULL OR run_id = ANY($2::text[])) FOR UPDATE SKIP LOCKED)`,
      [this.nodeId, runIds ?? null],
    );
    // Released runs are orphans now: wake the workers rather than wait for their poll.
    if (rowCount) await this.notify('work', '');
  }

  async nodes(): Promise<NodeInfo[]> {
    const { rows } = await this.query<{ id: string; roles: string; host: string; pid: number; address: string | null; started_at: string; heartbeat_at: string; lease_ms: number; now: string; leases: number }>(
      `SELECT n.*, ${DB_NOW_MS} AS now,
              (SELECT count(*) FROM run_leases l WHERE l.owner = n.id AND l.expires >= ${DB_NOW_MS})::int AS leases
       FROM nodes n ORDER BY started_at, id`,
    );
    return rows.map((r) => ({
      id: r.id,
      roles: r.roles ? (r.roles.split(',') as NodeRole[]) : [],
      host: r.host,
      pid: r.pid,
      ...(r.address ? { address: r.address } : {}),
      startedAt: Number(r.started_at),
      heartbeatAt: Number(r.heartbeat_at),
      leases: r.leases,
      live: Number(r.now) - Number(r.heartbeat_at) <= r.lease_ms,
    }));
  }

  on(channel: ClusterChannel, handler: (payload: string) => void): void {
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
  }

  async notify(channel: ClusterChannel, payload: string): Promise<void> {
    await this.query('SELECT pg_notify($1, $2)', [this.channel(channel), payload]);
  }

  async leave(): Promise<void> {
    if (this.left) return;
    this.left = true;
    clearTimeout(this.reconnect);
    try {
      await this.release();
      await this.query('DELETE FROM nodes WHERE id = $1', [this.nodeId]);
    } finally {
      const l = this.listener;
      this.listener = undefined;
      await l?.end().catch(() => undefined);
    }
  }

  /** Opens the LISTEN connection; when it drops, re-opens it after a second (the poll covers the gap). */
  private async listen(): Promise<void> {
    if (this.left || this.listener) return;
    const client = this.o.connect();
    const byName = new Map(CHANNELS.map((c) => [this.channel(c), c]));
    client.on('notification', (n) => {
      const c = byName.get(n.channel);
      if (c) for (const h of this.handlers.get(c) ?? []) h(n.payload ?? '');
    });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.left) this.reconnect = setTimeout(() => void this.listen().catch(lost), 1_000).unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    this.listener = client;
    try {
      await client.connect();
      for (const name of byName.keys()) await client.query(`LISTEN ${name}`);
    } catch (err) {
      lost();
      throw driverError(err);
    }
  }

  private async query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.o.pool.query<R>(sql, params);
    } catch (err) {
      throw driverError(err);
    }
  }
}
