/**
 * What the events module does when something happens elsewhere in the platform (the platform hooks,
 * platform/hooks.ts) — where to look for "what happens after an event is stored?":
 *   workflow.registering  its webhook (document.metadata.webhook) must be free and valid, its schedule
 *                         plannable: otherwise the registration is refused before anything is stored
 *   workflow.registered   its webhook is set; on a scheduler node, once started, the schedule of its
 *                         highest version is installed (replacing the previous one)
 *   function.deploying / function.deployed   the same for a function manifest's webhook
 *   event.stored          the dispatcher looks for due deliveries now; events another node stored are
 *                         also handed to this node's `listen` tasks (DurableBus.followOthers)
 *   run.ended             a run the scheduler started (key `schedule:<slot>`) re-arms its `after` schedule
 *   catalog.changed       from the cluster (a node changed subscriptions or registered a workflow):
 *                         reload the subscriptions, and on a scheduler node the schedules
 * `start()` is the background part of a server: delivering (worker role) and firing schedules (scheduler role).
 */
import type { Hooks, Workflows } from '../platform/index.js';
import type { Webhook } from '../ports/index.js';
import { coalesce } from '../shared/index.js';
import type { Json } from '../shared/index.js';
import type { Dispatcher } from './dispatcher.js';
import type { DurableBus } from './durable-bus.js';
import type { EventsService } from './events-service.js';
import { type Scheduler, planOf } from './scheduler.js';
import { webhookOf } from './webhooks.js';

export interface TriggersOptions {
  hooks: Hooks;
  events: EventsService;
  bus: DurableBus;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  workflows: Pick<Workflows, 'list' | 'definition'>;
  /** This node delivers events to subscriptions (worker role). */
  delivers: boolean;
  /** This node fires workflow schedules (scheduler role). */
  schedules: boolean;
}

export interface Triggers {
  /** Starts delivering (or just loads the routing table) and installs every registered schedule. */
  start(): Promise<void>;
  /** Stops firing schedules and delivering; resolves once the deliveries in progress settled. */
  stop(): Promise<void>;
}

/** The webhook a workflow definition declares (`document.metadata.webhook`), or undefined. */
export function workflowWebhook(definition: Record<string, Json>): Webhook | undefined {
  const doc = definition.document as Record<string, Json>;
  const meta = (doc.metadata ?? {}) as Record<string, Json>;
  return webhookOf(meta.webhook, { workflow: { namespace: String(doc.namespace), name: String(doc.name) } }, `workflow:${String(doc.namespace)}/${String(doc.name)}`);
}

/** The webhook a function manifest declares, or undefined. */
export function functionWebhook(manifest: { name: string; webhook?: Json }): Webhook | undefined {
  return webhookOf(manifest.webhook, { function: { name: manifest.name } }, `function:${manifest.name}`);
}

/** Subscribes the events module to the hooks it follows. */
export function subscribeTriggers(o: TriggersOptions): Triggers {
  const { hooks, events, scheduler, workflows } = o;
  let started = false;
  const scheduleAll = async () => {
    for (const w of await workflows.list()) {
      const latest = await workflows.definition(w.namespace, w.name);
      if (latest.definition.schedule) await scheduler.set(w.namespace, w.name, latest.definition.schedule as Record<string, Json>);
    }
  };
  // One reload at a time; a change announced during a pass runs one more.
  const reload = coalesce(
    () => events.reload(true).then(() => (started && o.schedules ? scheduleAll() : undefined)),
    (err) => hooks.emit('error', { err, context: 'reload subscriptions and schedules' }),
  );

  hooks.on('workflow.registering', async (definition) => {
    const hook = workflowWebhook(definition);
    if (hook) await events.checkWebhook(hook);
    if (definition.schedule) planOf(definition.schedule as Record<string, Json>);
  });
  hooks.on('workflow.registered', async (record) => {
    const hook = workflowWebhook(record.definition);
    if (hook) await events.setWebhook(hook);
    if (!started || !o.schedules) return;
    const latest = await workflows.definition(record.namespace, record.name);
    await scheduler.set(record.namespace, record.name, latest.definition.schedule as Record<string, Json> | undefined);
  });
  hooks.on('function.deploying', async (manifest) => {
    const hook = functionWebhook(manifest);
    if (hook) await events.checkWebhook(hook);
  });
  hooks.on('function.deployed', async (version) => {
    const hook = functionWebhook({ name: version.name, webhook: version.manifest.webhook });
    if (hook) await events.setWebhook(hook);
  });
  hooks.on('event.stored', (stored) => {
    o.dispatcher.wake();
    // Deliveries stored elsewhere may be this node's to make; listen tasks here may be waiting for the events.
    if (stored.origin === 'cluster') o.bus.followOthers();
  });
  hooks.on('run.ended', (run) => {
    // Only runs the scheduler started re-arm an `after` schedule, not manual ones.
    if (run.idempotencyKey?.startsWith('schedule:')) scheduler.runEnded(run.namespace, run.name);
  });
  hooks.on('catalog.changed', (c) => {
    if (c.origin === 'cluster') reload();
  });

  return {
    async start() {
      started = true;
      if (o.delivers) await events.start();
      else await events.reload(true);
      if (o.schedules) await scheduleAll();
    },
    async stop() {
      scheduler.stop();
      await o.dispatcher.stop();
    },
  };
}
