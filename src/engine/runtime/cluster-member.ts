/**
 * This process as a node of a multi-node installation (DESIGN.md §5), on top of the Cluster port:
 * heartbeats that renew its run leases, takeover of orphaned runs (no owner, or an expired lease) from
 * their journals, wake-ups by notification with a slow poll as the safety net, waiting for runs that
 * execute on other nodes, forwarding suspend/resume to the node that drives a run, and telling the other
 * nodes what changed here (stored events, the catalog: platform/cluster-relay.ts relays the platform hooks
 * through it). Orchestration only: every I/O goes through the ports.
 */
import type { Engine } from './engine.js';
import type { Clock, Cluster, NodeRole, Store } from '../../ports/index.js';
import { TERMINAL } from '../core/journal.js';
import { coalesce } from '../../shared/index.js';

export interface ClusterMemberOptions {
  cluster: Cluster;
  store: Pick<Store, 'getRun'>;
  clock: Clock;
  roles: NodeRole[];
  host: string;
  pid: number;
  address?: string;
  /** The safety-net poll for orphans and awaited runs (default 2 s). */
  pollMs?: number;
  /** Runs taken over per claim (default 100). */
  claimBatch?: number;
  /** Another node stored events (payload: its newest event seq), or the safety-net poll asks to look. */
  onEvents?: (payload: string) => void;
  /** Some node (this one included) changed subscriptions or registered a workflow. */
  onCatalog?: () => void;
  onError?: (err: unknown, context: string) => void;
}

type Control = 'suspend' | 'resume';

export class ClusterMember {
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly ended = new Set<string>();
  private endedFlush = false;
  private eventsFlush = false;
  /** What drives this node's runs: given at start (the engine is built after the member, as it waits on it: awaitEnd). */
  private engine?: Engine;
  private stopped = false;
  private timers: (() => void)[] = [];

  constructor(private readonly o: ClusterMemberOptions) {}

  get nodeId(): string {
    return this.o.cluster.nodeId;
  }

  get leaseMs(): number {
    return this.o.cluster.leaseMs;
  }

  private get worker(): boolean {
    return this.o.roles.includes('worker');
  }

  async start(engine: Engine): Promise<void> {
    const { cluster } = this.o;
    this.engine = engine;
    cluster.on('work', () => this.claim());
    cluster.on('ended', (payload) => {
      for (const id of payload.split(',')) this.settle(id);
    });
    cluster.on('control', (payload) => void this.control(payload));
    if (this.o.onEvents) cluster.on('events', this.o.onEvents);
    if (this.o.onCatalog) cluster.on('catalog', this.o.onCatalog);
    await cluster.join({ roles: this.o.roles, host: this.o.host, pid: this.o.pid, ...(this.o.address ? { address: this.o.address } : {}) });
    this.every(Math.max(250, Math.floor(cluster.leaseMs / 3)), () => this.beat());
    // The safety net for lost notifications (the LISTEN connection dropped): claim, awaited runs, events.
    this.every(this.o.pollMs ?? 2_000, () => {
      this.claim();
      this.o.onEvents?.('');
      void this.pollWaiters();
    });
    this.claim();
  }

  /** Where this node's API listens, once it does (shown by `weft nodes`). */
  async setAddress(address: string): Promise<void> {
    this.o.address = address;
    await this.o.cluster.join({ roles: this.o.roles, host: this.o.host, pid: this.o.pid, address });
  }

  /** Stops heartbeats and wake-ups and gives the leases back (call after the engine stopped driving runs). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const cancel of this.timers) cancel();
    await this.o.cluster.leave();
  }

  /** Settles once the run has ended, wherever it executes. */
  awaitEnd(runId: string): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(runId);
      if (!set) this.waiters.set(runId, (set = new Set()));
      set.add(resolve);
    });
  }

  /** A run ended here: tell the other nodes (one notification per event-loop turn, however many ended). */
  runEnded(runId: string): void {
    this.settle(runId);
    this.ended.add(runId);
    if (this.endedFlush) return;
    this.endedFlush = true;
    setImmediate(() => {
      this.endedFlush = false;
      const ids = [...this.ended];
      this.ended.clear();
      // NOTIFY payloads are limited to 8000 bytes.
      for (let i = 0; i < ids.length; i += 100) this.send('ended', ids.slice(i, i + 100).join(','));
    });
  }

  /** Events were stored here: tell the other nodes (one notification per event-loop turn, however many were stored). */
  eventsStored(): void {
    if (this.eventsFlush) return;
    this.eventsFlush = true;
    setImmediate(() => {
      this.eventsFlush = false;
      this.send('events', '');
    });
  }

  /** Subscriptions changed or a workflow was registered here: every node reloads (resolves once told; never rejects). */
  catalogChanged(): Promise<void> {
    return this.o.cluster.notify('catalog', '').catch((err) => this.o.onError?.(err, 'notify catalog'));
  }

  /** This process stopped driving the run (store conflict, lost lease): let another node take it now. */
  abandoned(runId: string): void {
    if (this.stopped) return;
    this.o.cluster.release([runId]).catch((err) => this.o.onError?.(err, `release ${runId}`));
  }

  /**
   * Suspends or resumes a run that another node drives: asks every node, then waits (up to `waitMs`) for
   * the run's stored status to show it. Resolves false when nobody did it in time.
   */
  async forward(runId: string, action: Control, waitMs = 5_000): Promise<boolean> {
    this.send('control', JSON.stringify({ id: runId, action }));
    const want = action === 'suspend' ? 'suspended' : 'running';
    const until = this.o.clock.now() + waitMs;
    while (this.o.clock.now() < until) {
      const rec = await this.o.store.getRun(runId);
      if (!rec || rec.status === want || TERMINAL.has(rec.status)) return rec?.status === want;
      await new Promise<void>((resolve) => this.o.clock.setTimer(this.o.clock.now() + 50, resolve));
    }
    return false;
  }

  private async control(payload: string): Promise<void> {
    try {
      const { id, action } = JSON.parse(payload) as { id: string; action: Control };
      const engine = this.engine;
      if (!engine?.isActive(id)) return;
      await (action === 'suspend' ? engine.suspend(id) : engine.resume(id));
    } catch (err) {
      this.o.onError?.(err, 'run control');
    }
  }

  private settle(runId: string): void {
    const set = this.waiters.get(runId);
    if (!set) return;
    this.waiters.delete(runId);
    for (const resolve of set) resolve();
  }

  /** Renews leases; a run this node drives whose lease another node now holds is dropped here. */
  private async beat(): Promise<void> {
    const engine = this.engine!;
    for (const id of await this.o.cluster.heartbeat(engine.activeIds())) {
      engine.drop(id, `run ${id}: this node's lease was lost (another node continues it)`);
    }
  }

  /** Takes over orphaned runs, in batches, one pass at a time (a wake-up during a pass runs another). */
  private readonly claimPass = coalesce(
    async () => {
      const batch = this.o.claimBatch ?? 100;
      for (;;) {
        if (this.stopped) return;
        const ids = await this.o.cluster.claimOrphans(batch);
        if (ids.length > 0) await this.engine!.adopt(ids);
        if (ids.length < batch) return;
      }
    },
    (err) => this.o.onError?.(err, 'claim orphaned runs'),
  );

  private claim(): void {
    if (this.worker && !this.stopped) this.claimPass();
  }

  /** The safety net for a missed `ended` notification. */
  private async pollWaiters(): Promise<void> {
    for (const id of [...this.waiters.keys()]) {
      const rec = await this.o.store.getRun(id).catch(() => undefined);
      if (!rec || TERMINAL.has(rec.status)) this.settle(id);
    }
  }

  private send(channel: 'ended' | 'control' | 'events', payload: string): void {
    this.o.cluster.notify(channel, payload).catch((err) => this.o.onError?.(err, `notify ${channel}`));
  }

  /** Runs `fn` every `ms` (re-armed after it settles, so slow rounds never overlap). */
  private every(ms: number, fn: () => Promise<void> | void): void {
    const arm = () => {
      if (this.stopped) return;
      const cancel = this.o.clock.setTimer(this.o.clock.now() + ms, () => {
        this.timers = this.timers.filter((c) => c !== cancel);
        void Promise.resolve()
          .then(fn)
          .catch((err) => this.o.onError?.(err, 'cluster heartbeat'))
          .finally(arm);
      });
      this.timers.push(cancel);
    };
    arm();
  }
}
