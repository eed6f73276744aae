/**
 * Request body parsers. JSON and YAML bodies must be well-formed UTF-8 (RFC 8259 §8.1): Fastify's own
 * parsers decode with replacement characters, which would silently store U+FFFD in a run's input or a
 * workflow's source. JSON bodies are also bounded in nesting depth: the payload limit alone lets through a
 * megabyte of `[[[[…`, which parses fine but overflows the stack of the recursive walks behind the routes
 * (document validation, canonical hashing, the store's serialisation) and came back as a 500.
 */
import type { FastifyInstance } from 'fastify';
import { GATEWAY_ERROR_CODES } from './errors.js';

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
/** CloudEvents structured and batched modes are JSON too. */
const JSON_TYPES = ['application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json'];
/** Binary-mode CloudEvents carry any content type as their data: only the events route takes those. */
const ANY_TYPE_ROUTES = new Set(['/api/v1/events']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The body as received (JSON and binary-mode events): webhook signatures and binary events need the bytes. */
    rawBody?: Buffer;
  }
}
/** The routes whose body may be YAML: workflow documents. */
const YAML_ROUTES = new Set(['/api/v1/workflows']);

/** Deeper than any sensible document or payload, far below what the recursive walks can take. */
export const MAX_JSON_DEPTH = 256;

const utf8 = new TextDecoder('utf-8', { fatal: true });

const malformed = (detail: string) => Object.assign(new Error(detail), { code: GATEWAY_ERROR_CODES.malformed, status: 400, statusCode: 400 });

function decode(body: Buffer, what: string): string {
  try {
    return utf8.decode(body);
  } catch {
    throw malformed(`the ${what} body is not valid UTF-8`);
  }
}

/** Whether the JSON text nests arrays/objects deeper than `max` (a scan of the text, strings skipped). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export function installBodyParsers(app: FastifyInstance): void {
  // The API speaks JSON (and YAML for workflow documents): a text/plain body is a wrong content type (415),
  // not a string input or a document to guess at.
  app.removeContentTypeParser('text/plain');
  // Fastify's JSON parser (secure-json-parse: __proto__/constructor poisoning refused), fed checked text.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'buffer' }, (req, body, done) => {
    req.rawBody = body as Buffer;
    let text: string;
    try {
      text = decode(body as Buffer, 'JSON');
    } catch (err) {
      return done(err as Error, undefined);
    }
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return done(malformed(`the JSON body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    json(req, text, done);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    if (!ANY_TYPE_ROUTES.has(req.routeOptions.url ?? '') || req.headers['ce-specversion'] === undefined) {
      return done(Object.assign(new Error(`${req.headers['content-type'] ?? 'a body without a content type'} is not accepted here; send application/json`), { code: GATEWAY_ERROR_CODES.mediaType, status: 415, statusCode: 415 }), undefined);
    }
    req.rawBody = body as Buffer;
    done(null, body);
  });
  // YAML bodies stay text: the façade parses them with the DSL front end (errors with positions). Only
  // workflow documents may be YAML; elsewhere the text would meet a JSON schema and fail as a 400.
  app.addContentTypeParser(YAML_TYPES, { parseAs: 'buffer' }, (req, body, done) => {
    if (!YAML_ROUTES.has(req.routeOptions.url ?? '')) {
      return done(Object.assign(new Error(`${req.headers['content-type']} is only accepted for workflow documents; send application/json`), { code: GATEWAY_ERROR_CODES.mediaType, status: 415, statusCode: 415 }), undefined);
    }
    try {
      done(null, decode(body as Buffer, 'YAML'));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
