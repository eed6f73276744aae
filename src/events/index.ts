/**
 * CloudEvents: the durable bus (validation, type schemas, dedup, stored deliveries), subscriptions and
 * their dispatcher (retries, dead letters), workflow schedules, webhooks, and the events façade.
 */
export { fromBinary, fromStructured, toCloudEvent } from './cloudevent.js';
export { Dispatcher, type DispatcherOptions } from './dispatcher.js';
export { type Accepted, DurableBus, type DurableBusOptions } from './durable-bus.js';
export { EVENT_ERRORS, EVENT_ERROR_CODES, EventError, type EventErrorCode } from './errors.js';
export { type DefinitionProblem, EVENT_TYPE_FILE, SUBSCRIPTION_FILE, checkEventTypeDefinition, checkSubscriptionDefinition } from './definitions.js';
export { EventsService, type EventsServiceOptions } from './events-service.js';
export { MemoryBus } from './memory-bus.js';
export { Router, checkSubscription } from './routing.js';
export { Scheduler, type SchedulerOptions, onSubscriptions, planOf } from './scheduler.js';
export { type TargetOutcome, checkTarget, mapInput, runTarget } from './target.js';
export { PATH_PATTERN, checkBody, verifySignature, webhookOf } from './webhooks.js';
export { type Triggers, type TriggersOptions, functionWebhook, subscribeTriggers, workflowWebhook } from './triggers.js';
