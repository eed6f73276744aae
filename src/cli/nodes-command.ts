/**
 * `weft nodes [--db | --server] [--json]`: the nodes sharing the database — id, roles, host, leases held,
 * last heartbeat, live or not. A local SQLite file has no cluster (one process serves it) and no registry.
 */
import type { NodeInfo } from '../ports/index.js';
import { type Target, withPlatform } from './cli-platform.js';
import type { Io } from './problem.js';

export function nodesCommand(o: Target, io: Io): Promise<number> {
  return withPlatform(o, io, async (platform) => {
    let nodes: NodeInfo[] = [];
    if (platform.nodes) nodes = await platform.nodes.list();
    else io.err('weft: single-node mode (SQLite): one process serves this database; nodes are registered on PostgreSQL only');
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
  });
}
