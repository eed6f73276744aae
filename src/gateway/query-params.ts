/**
 * Query parameters that Fastify's schema types cannot check alone. Numbers (`limit`, `before`, `after`)
 * are checked by each route's querystring schema (integer, minimum, maximum — a bound on every one);
 * times are strings parsed here, strictly.
 */
import { API_ERROR_CODES, ApiError } from '../platform/index.js';

/** Latest time a Date can hold (ECMA-262 §21.4.1.22), in epoch ms. */
const MAX_TIME = 8.64e15;
/** RFC 3339 date or date-time (a time needs its offset: the server's zone is no one's business). */
const ISO = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2}))?$/;

/**
 * A time query parameter: epoch milliseconds (digits only) or an RFC 3339 date / date-time, as epoch ms;
 * else a 400 problem pointing at `/<name>`. Refused rather than guessed: `Date.parse` alone takes `-1`
 * (the year -1), `March 7` and other loose forms.
 */
export function timeParam(value: string, name: string): number {
  const ms = /^\d{1,16}$/.test(value) ? Number(value) : ISO.test(value) ? Date.parse(value) : NaN;
  if (!(ms >= 0 && ms <= MAX_TIME)) {
    throw new ApiError(API_ERROR_CODES.invalid, `${name} must be a time: epoch milliseconds (0 or more) or RFC 3339 (2024-05-01T12:00:00Z)`, { pointer: `/${name}` });
  }
  return ms;
}
