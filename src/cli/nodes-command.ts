/**
 * `weft nodes [--db] [--json]`: the nodes sharing the database — id, roles, host, leases held, last
 * heartbeat, live or not. On SQLite there is no cluster (one process serves the file) and no registry.
 */
import type { NodeInfo } from '../ports/index.js';
import { compose, openStore } from './compose.js';
import { type Io, problemOf, reportProblem } from './problem.js';

export async function nodesCommand(o: { db: string; json: boolean }, io: Io): Promise<number> {
  let nodes: NodeInfo[];
  try {
    const app = compose({ db: await openStore(o.db), node: { roles: [] } });
    try {
      if (!app.member) {
        io.err('weft: single-node mode (SQLite): one process serves this database; nodes are registered on PostgreSQL only');
        nodes = [];
      } else nodes = await app.platform.nodes.list();
    } finally {
      await app.close();
    }
  } catch (err) {
    reportProblem(io, problemOf(err), o.json);
    return 1;
  }
  if (o.json) {
    io.out(JSON.stringify(nodes.map((n) => ({ ...n, startedAt: new Date(n.startedAt).toISOString(), heartbeatAt: new Date(n.heartbeatAt).toISOString() }))));
    return 0;
  }
  const now = Date.now();
  const rows = nodes.map((n) => [n.id, n.roles.join(',') || '-', `${n.host}:${n.pid}`, n.address ?? '-', String(n.leases), `${((now - n.heartbeatAt) / 1000).toFixed(1)}s ago`, n.live ? 'live' : 'dead']);
  const head = ['NODE', 'ROLES', 'HOST:PID', 'ADDRESS', 'LEASES', 'HEARTBEAT', 'STATE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [head, ...rows]) io.out(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
  return 0;
}
