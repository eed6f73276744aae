/** Who the caller is (`GET /api/v1/me`) and how the server authenticates people (`GET /api/v1/auth/config`). */
import type { FromSchema } from 'json-schema-to-ts';
import { ROLE_NAMES } from './access.js';
import { problems, str, time } from './common.js';

export const AUTH_METHODS = ['apiKey', 'oidc', 'dev'] as const;

const identity = {
  type: 'object',
  required: ['actor', 'via', 'scopes'],
  properties: {
    actor: { type: 'string', description: 'Who acts, as the audit log records it: a key id, `oidc:<sub>`, or `dev`' },
    via: { type: 'string', enum: AUTH_METHODS, description: 'How this request was authenticated' },
    name: str,
    email: str,
    scopes: {
      type: 'array',
      items: { type: 'object', required: ['namespace', 'role'], properties: { namespace: str, role: { type: 'string', enum: ROLE_NAMES } } },
    },
    expiresAt: { ...time, description: 'When the session, token or key stops being accepted' },
  },
} as const;

export type IdentityView = FromSchema<typeof identity>;

export const meSchema = {
  tags: ['auth'],
  summary: 'The caller: who, how authenticated, which roles in which namespaces, until when',
  response: { 200: identity, ...problems(401) },
} as const;

const authConfig = {
  type: 'object',
  required: ['oidc', 'apiKeys'],
  properties: {
    oidc: { type: 'boolean', description: 'Whether people can log in with single sign-on (GET /auth/login)' },
    apiKeys: { type: 'boolean', description: 'Whether API keys are required (weft serve); false on weft dev, where everyone is the local developer' },
    loginUrl: { type: 'string', description: 'Where a browser starts the single sign-on login' },
  },
} as const;

export type AuthConfigView = FromSchema<typeof authConfig>;

export const authConfigSchema = {
  tags: ['auth'],
  summary: 'How this server authenticates: single sign-on, API keys (public, for the studio\'s login screen)',
  security: [],
  response: { 200: authConfig },
} as const;
