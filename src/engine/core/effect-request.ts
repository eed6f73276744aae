/**
 * What an effect asks for, as a test-task answer shows it: the request without the credentials it
 * carries (the Authorization header, an OAuth2 grant, a script's environment values), which the caller
 * may not be allowed to read although the task may use them.
 */
import type { Json } from '../../shared/index.js';
import type { Effect } from './effects.js';

export const REDACTED = '[redacted]';
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization']);

export function effectRequest(e: Effect): Json {
  switch (e.kind) {
    case 'http': {
      const headers = Object.fromEntries(Object.entries(e.request.headers).map(([k, v]) => [k, SECRET_HEADERS.has(k.toLowerCase()) ? REDACTED : v]));
      return { method: e.request.method, url: e.request.url, headers, ...(e.request.body !== undefined ? { body: e.request.body } : {}), ...(e.request.oauth2 ? { oauth2: REDACTED } : {}) };
    }
    case 'function':
      return { name: e.name, ref: e.ref, input: e.input };
    case 'emit':
      return { event: e.event };
    case 'subflow':
      return { workflow: e.workflow as unknown as Json, input: e.input, await: e.await };
    case 'timer':
      return { durationMs: e.durationMs };
    case 'event':
      return { filters: e.filters as unknown as Json };
    case 'script':
      return { code: e.code, arguments: e.arguments, environment: Object.fromEntries(Object.keys(e.environment).map((k) => [k, REDACTED])) };
    default:
      return null;
  }
}
