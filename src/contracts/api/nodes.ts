/** The nodes sharing the database (`GET /api/v1/nodes`): roles, leases held, last heartbeat. */
import type { FromSchema } from 'json-schema-to-ts';
import { problems, str, time } from './common.js';

export const NODE_ROLE_NAMES = ['api', 'worker', 'scheduler'] as const;

const node = {
  type: 'object',
  required: ['id', 'roles', 'host', 'pid', 'startedAt', 'heartbeatAt', 'leases', 'live'],
  properties: {
    id: str,
    roles: { type: 'array', items: { type: 'string', enum: NODE_ROLE_NAMES } },
    host: str,
    pid: { type: 'integer' },
    address: str,
    startedAt: time,
    heartbeatAt: time,
    leases: { type: 'integer', description: 'Unfinished runs whose lease the node holds' },
    live: { type: 'boolean', description: 'It heartbeat within its lease time' },
  },
} as const;

export type NodeView = FromSchema<typeof node>;

export const listNodesSchema = {
  tags: ['nodes'],
  summary: 'The nodes sharing the database: roles, leases held, last heartbeat',
  response: { 200: { type: 'object', properties: { items: { type: 'array', items: node } } }, ...problems(401, 403) },
} as const;
