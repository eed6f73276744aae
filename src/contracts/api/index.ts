/**
 * The HTTP API's contract: the JSON Schemas of every route (bodies, parameters, answers; written `as
 * const`) and the TS types derived from them. The gateway registers them with Fastify (validation,
 * serialization, OpenAPI); the platform's views and the studio use the derived types.
 */
import { AliasSchema, FunctionSchema } from './functions.js';
import { ApiKeySchema } from './keys.js';
import { CloudEventSchema } from './events.js';
import { ProblemSchema, WorkflowErrorSchema } from './problem.js';
import { RunSchema } from './runs.js';
import { SecretSchema } from './secrets.js';
import { WorkflowSchema } from './workflows.js';

/** The schemas routes refer to by `$id` (`ref('Run')`): added to Fastify once, components in OpenAPI. */
export const API_SCHEMAS = [ProblemSchema, WorkflowErrorSchema, RunSchema, WorkflowSchema, FunctionSchema, AliasSchema, ApiKeySchema, CloudEventSchema, SecretSchema];

/** The same, as the `references` option of `FromSchema` (and of the Fastify type provider). */
export type ApiReferences = [
  typeof ProblemSchema,
  typeof WorkflowErrorSchema,
  typeof RunSchema,
  typeof WorkflowSchema,
  typeof FunctionSchema,
  typeof AliasSchema,
  typeof ApiKeySchema,
  typeof CloudEventSchema,
  typeof SecretSchema,
];

export { ACTIONS, type Action, ROLE_NAMES, type Role, type Scope } from './access.js';
export { type AuditRecordView, listAuditSchema, verifyAuditSchema } from './audit.js';
export { type Always, type Page, anyJson, anyObject, listOf, nonEmpty, problems, ref, str, time, upTo } from './common.js';
export {
  type AcceptedEvent, CloudEventSchema, type CloudEventView, type DeliveryView, type EventTypeView, type EventView, type SubscriptionBody, callWebhookSchema, deadLettersSchema,
  deleteEventTypeSchema, deleteSubscriptionSchema, getEventTypeSchema, getSubscriptionSchema, listEventTypesSchema, listEventsSchema, listSubscriptionsSchema, listWebhooksSchema,
  publishEventsSchema, putEventTypeSchema, putSubscriptionSchema, redriveSchema, subscriptionBody,
} from './events.js';
export {
  AliasSchema, type AliasView, FunctionSchema, type DraftInvocationView, type FunctionDetail, type FunctionSourceView, type FunctionSummary, type FunctionView, type InvocationView, type ManifestView,
  deployFunctionSchema, draftInvocationSchema, functionLogsSchema, functionSourceSchema, getFunctionSchema, invokeFunctionSchema, invokeTargetSchema, listFunctionsSchema, setAliasSchema,
} from './functions.js';
export { healthzSchema, metricsSchema, openApiSchema, readyzSchema } from './health.js';
export { ApiKeySchema, type ApiKeyView, type CreateKeyBody, type IssuedKeyView, createKeySchema, getKeySchema, listKeysSchema, revokeKeySchema, rotateKeySchema } from './keys.js';
export { NODE_ROLE_NAMES, type NodeView, listNodesSchema } from './nodes.js';
export { BULK_REDRIVE_MAX, type BulkRedriveAnswer, type BulkRedriveBody, type BulkRedriveItem, REDRIVABLE_STATUSES, bulkRedriveSchema } from './bulk-redrive.js';
export { ProblemSchema, type ProblemDetails, WorkflowErrorSchema, type WorkflowErrorView } from './problem.js';
export { type CancelBody, RUN_CONTROLS, type RunControl, RunSchema, type RunPage, type RunView, getRunSchema, listRunsSchema, runControlSchema, runEventsSchema, startRunSchema, type RedriveBody, type RerunBody, redriveRunSchema, rerunRunSchema } from './runs.js';
export { WorkflowSchema, type WorkflowDetail, type WorkflowVersions, type WorkflowView, listWorkflowsSchema, registerWorkflowSchema, workflowVersionSchema, workflowVersionsSchema } from './workflows.js';
export {
  type GrantSecretBody, type PutSecretBody, type RekeyView, SecretSchema, type SecretVersionView, type SecretView, deleteSecretSchema, getSecretSchema, grantSecretSchema, listNamespaceSecretsSchema,
  listSecretsSchema, putSecretSchema, rekeySecretsSchema, type RotateSecretBody, rotateSecretSchema, type ScheduleRotationBody, scheduleRotationSchema, type SecretUsageView, secretUsageSchema, secretVersionsSchema, unscheduleRotationSchema, vaultStatusSchema,
} from './secrets.js';
export { AUTH_METHODS, type AuthConfigView, type IdentityView, authConfigSchema, meSchema } from './me.js';
export { EFFECT_KINDS, TEST_REAL_KINDS, type TestEffectView, type TestRealKind, type TestTaskBody, type TestTaskView, testTaskSchema } from './task-tests.js';
