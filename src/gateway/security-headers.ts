/**
 * Security headers on every answer: the API's JSON and problems, the studio, Swagger UI, 404s — and the
 * raw answers to requests Node's HTTP parser refuses (client-errors.ts writes `SECURITY_HEADERS` too).
 *
 * The page policies are as strict as the pages allow:
 * - Scripts only from the server itself (`'self'`): the studio is a Vite build and Swagger UI loads its
 *   bundles as files; neither has an inline script.
 * - Styles from `'self'` plus `'unsafe-inline'`: CodeMirror (style-mod) injects `<style>` elements into
 *   the document and React Flow positions nodes with `style` attributes. Inline styles cannot run code.
 * - `data:` images: the studio's empty favicon and SVG icons in the stylesheets.
 * - `connect-src 'self'`: the pages talk only to this API.
 * - `frame-ancestors 'none'` (and `X-Frame-Options: DENY` for old browsers): no page of Weft can be
 *   framed (clickjacking).
 * Answers that are not HTML get `default-src 'none'`: a JSON document opened in a tab loads nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Headers sent on every answer, whatever its type. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
});

const PAGE_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** The studio's and Swagger UI's pages. */
export const PAGE_CSP = PAGE_DIRECTIVES.join('; ');

/** JSON, problems, scripts, stylesheets: nothing to load, nothing to frame. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The Content-Security-Policy for an answer of this content type. */
export function cspFor(contentType: string | undefined): string {
  return contentType !== undefined && /^\s*text\/html\b/i.test(contentType) ? PAGE_CSP : NON_PAGE_CSP;
}

/** The headers for a raw answer written outside Fastify (parser errors), one `name: value\r\n` per header. */
export function rawSecurityHeaderLines(): string {
  return Object.entries({ ...SECURITY_HEADERS, 'content-security-policy': NON_PAGE_CSP })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
}

/** Sets the headers on a reply (its content type, if any, must be set already). */
export function applySecurityHeaders(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
  const type = reply.getHeader('content-type');
  reply.header('content-security-policy', cspFor(typeof type === 'string' ? type : undefined));
}

function setHeaders(_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void): void {
  applySecurityHeaders(reply);
  done(null, payload);
}

/**
 * Added first of all hooks on the root instance, so that every route, the not-found handler and the error
 * handler (their answers all pass onSend) carry the headers — plugins' routes (Swagger UI) too. The
 * router's own errors (`frameworkErrors`) skip the hooks: app.ts calls `applySecurityHeaders` there.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', setHeaders);
}
