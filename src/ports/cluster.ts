/** What a node does: serve the API, execute runs and deliveries, fire schedules (DESIGN.md §5). */
export type NodeRole = 'api' | 'worker' | 'scheduler';

export const NODE_ROLES: readonly NodeRole[] = ['api', 'worker', 'scheduler'];

/** A node as the cluster sees it. Times are epoch ms on the database's clock. */
export interface NodeInfo {
  id: string;
  roles: NodeRole[];
  host: string;
  pid: number;
  /** Where its API listens, when it has one (e.g. http://10.0.0.5:8787). */
  address?: string;
  startedAt: number;
  heartbeatAt: number;
  /** Unfinished runs whose lease it holds and has not let expire. */
  leases: number;
  /** It heartbeat within its lease time. */
  live: boolean;
}

/** Notification channels between nodes: runs to pick up, runs that ended, events stored, run control, and subscriptions/schedules changed. */
export type ClusterChannel = 'work' | 'ended' | 'events' | 'control' | 'catalog';

/**
 * A node's membership and its runs' leases. A run's lease (owner + expiry) says which node executes it;
 * the owner renews its leases by heartbeat, and when it stops (crash, kill -9, partition) its leases
 * expire and another worker claims the run and continues it from its journal. Leases only decide who
 * *tries*: the journal's conditional append is what makes two nodes unable to both append a run's next step.
 */
export interface ClusterMembership {
  /** Registers (or re-registers) this node. */
  join(info: { roles: NodeRole[]; host: string; pid: number; address?: string }): Promise<void>;
  /**
   * Renews this node's row and the leases of the runs it is `driving`; returns those of them another node
   * holds now (it took them over after this node's lease expired). A lease this node holds but does not
   * drive is left to expire, so that a run nobody drives is always taken over eventually.
   */
  heartbeat(driving: string[]): Promise<string[]>;
  /** Takes up to `limit` unfinished runs that have no owner or whose lease expired (SKIP LOCKED). */
  claimOrphans(limit: number): Promise<string[]>;
  /** Gives leases back at once (graceful stop, or a run this node stopped driving). */
  release(runIds?: string[]): Promise<void>;
  /** Every known node (live and recently dead), oldest first. */
  nodes(): Promise<NodeInfo[]>;
  /** Releases this node's leases, removes its row and stops listening. */
  leave(): Promise<void>;
}

/** Wake-ups between nodes. They are hints: a slow poll covers missed ones. */
export interface ClusterNotifications {
  /** Calls `handler` for every notification on `channel` (from any node, this one included). */
  on(channel: ClusterChannel, handler: (payload: string) => void): void;
  notify(channel: ClusterChannel, payload: string): Promise<void>;
}

/**
 * Coordination of several nodes on one database (multi-node mode): this node's identity, its membership
 * and leases, and the notifications between nodes (what engine/runtime/cluster-member.ts drives).
 */
export interface Cluster extends ClusterMembership, ClusterNotifications {
  readonly nodeId: string;
  /** Lease expiry: a node that has not heartbeat for this long loses its leases. */
  readonly leaseMs: number;
}
