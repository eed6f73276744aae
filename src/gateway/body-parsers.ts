/**
 * Request body parsers. JSON and YAML bodies must be well-formed UTF-8 (RFC 8259 §8.1): Fastify's own
 * parsers decode with replacement characters, which would silently store U+FFFD in a run's input or a
 * workflow's source. JSON bodies are also bounded in nesting depth: the payload limit alone lets through a
 * megabyte of `[[[[…`, which parses fine but overflows the stack of the recursive walks behind the routes
 * (document validation, canonical hashing, the store's serialisation) and came back as a 500.
 *
 * Bodies are parsed only for callers the route would serve: Fastify parses a body before the
 * `preHandler` hooks, so without the `preParsing` check below any key — a viewer's — could make the server
 * parse a megabyte document before being told 403.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Action } from '../contracts/index.js';
import { type AccessPolicy, jsonShape } from '../platform/index.js';
import { GATEWAY_ERROR_CODES } from './errors.js';

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
/** CloudEvents structured and batched modes are JSON too. */
const JSON_TYPES = ['application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json'];
/** Binary-mode CloudEvents carry any content type as their data: only the events route takes those. */
const ANY_TYPE_ROUTES = new Set(['/api/v1/events']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * For routes whose namespace is only known from the body (a workflow document): the action the key
     * must hold in at least one namespace before the body is parsed; the handler then checks the
     * namespace the document names.
     */
    actionSomewhere?: Action;
  }
  interface FastifyRequest {
    /** The body as received (JSON and binary-mode events): webhook signatures and binary events need the bytes. */
    rawBody?: Buffer;
  }
}
/** The routes whose body may be YAML: workflow documents. */
const YAML_ROUTES = new Set(['/api/v1/workflows']);
/** The routes whose JSON body is a document (held to MAX_DOCUMENT_ENTRIES), not run or event data. */
const DOCUMENT_ROUTES = new Set(['/api/v1/workflows', '/api/v1/event-types/:type', '/api/v1/subscriptions/:name']);

/** Deeper than any sensible document or payload, far below what the recursive walks can take. */
export const MAX_JSON_DEPTH = 256;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Charsets a JSON or YAML body may declare: JSON is UTF-8 (RFC 8259 §8.1), and ASCII is UTF-8. */
const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/** The refusal of a body whose declared charset is not UTF-8 (a `charset=utf-16` body would be misread). */
export function charsetProblem(contentType: string | undefined): Error | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  if (!m) return undefined;
  const charset = (m[1] ?? m[2] ?? '').toLowerCase();
  if (UTF8_CHARSETS.has(charset)) return undefined;
  return Object.assign(new Error(`charset ${JSON.stringify(charset.slice(0, 40))} is not accepted; send the body as UTF-8`), { code: GATEWAY_ERROR_CODES.mediaType, status: 415, statusCode: 415 });
}

/**
 * What the route's own authorization would refuse, refused before the body is read: the route's
 * `action` in its namespace (as the preHandler check in auth.ts does, which stays), or for
 * `actionSomewhere` routes the action in any namespace. Public routes and `weft dev` pass.
 */
export function authorizeBeforeParsing(req: FastifyRequest, access: AccessPolicy): void {
  if (!req.principal) return;
  const { action, actionSomewhere, namespaceParam, namespace } = req.routeOptions.config ?? {};
  if (action) req.authorize(action, namespaceParam ? (req.params as Record<string, string>)[namespaceParam] : namespace);
  if (actionSomewhere) {
    const { scopes } = req.principal;
    if (!scopes.some((s) => access.can(scopes, actionSomewhere, s.namespace))) throw access.refuse('forbidden', `${actionSomewhere} needs a role that allows it in some namespace`);
  }
}

const malformed = (detail: string) => Object.assign(new Error(detail), { code: GATEWAY_ERROR_CODES.malformed, status: 400, statusCode: 400 });

function decode(body: Buffer, what: string): string {
  try {
    return utf8.decode(body);
  } catch {
    throw malformed(`the ${what} body is not valid UTF-8`);
  }
}

// The scan is the DSL parser's (one scan, one place; the platform hands it on): the gateway runs it before JSON.parse.
export { jsonShape } from '../platform/index.js';

/** Whether the JSON text nests arrays/objects deeper than `max` (a scan of the text, strings skipped). */
export const nestsDeeperThan = (text: string, max: number): boolean => jsonShape(text, max).tooDeep;

/**
 * Entries a document body may hold (workflows, event types, subscriptions), the DSL parser's own bound
 * (DEFAULT_DOCUMENT_LIMITS.maxEntries): checked here too, so that a 60,000-key body is refused from a
 * scan of its text rather than after JSON.parse builds it (~2 µs per key).
 */
export const MAX_DOCUMENT_ENTRIES = 20_000;

export function installBodyParsers(app: FastifyInstance, access: AccessPolicy): void {
  // The API speaks JSON (and YAML for workflow documents): a text/plain body is a wrong content type (415),
  // not a string input or a document to guess at.
  app.removeContentTypeParser('text/plain');
  app.addHook('preParsing', (req, _reply, payload, done) => {
    try {
      authorizeBeforeParsing(req, access);
    } catch (err) {
      return done(err as Error);
    }
    done(null, payload);
  });
  // Fastify's JSON parser (secure-json-parse: __proto__/constructor poisoning refused), fed checked text.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'buffer' }, (req, body, done) => {
    const wrongCharset = charsetProblem(req.headers['content-type']);
    if (wrongCharset) return done(wrongCharset, undefined);
    req.rawBody = body as Buffer;
    let text: string;
    try {
      text = decode(body as Buffer, 'JSON');
    } catch (err) {
      return done(err as Error, undefined);
    }
    const shape = jsonShape(text, MAX_JSON_DEPTH, DOCUMENT_ROUTES.has(req.routeOptions.url ?? '') ? MAX_DOCUMENT_ENTRIES : Infinity);
    if (shape.tooDeep) return done(malformed(`the JSON body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    if (shape.tooMany) return done(Object.assign(new Error(`the document has more than ${MAX_DOCUMENT_ENTRIES} entries (mapping keys and sequence items)`), { code: GATEWAY_ERROR_CODES.tooLarge, status: 413, statusCode: 413 }), undefined);
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
    const wrongCharset = charsetProblem(req.headers['content-type']);
    if (wrongCharset) return done(wrongCharset, undefined);
    try {
      done(null, decode(body as Buffer, 'YAML'));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
