/**
 * The single sign-on cookies: reading the Cookie header and writing Set-Cookie. Over https (or when the
 * redirect URL is https, behind a TLS-terminating proxy) they are `__Host-` cookies: Secure, Path=/, no
 * Domain, so no other host or path can plant or shadow them. Over plain http (weft serve on 127.0.0.1)
 * a browser refuses `__Host-` and Secure cookies, so the same cookies go without the prefix and without
 * Secure; HttpOnly and SameSite=Lax stay (docs/sso.md).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export type CookieName = 'weft_session' | 'weft_login' | 'weft_csrf';

/** The cookies of a request (the first of repeated names wins, as browsers send the most specific first). */
export function readCookies(req: FastifyRequest): Map<string, string> {
  const out = new Map<string, string>();
  const header = req.headers.cookie;
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || out.has(name)) continue;
    const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

/** A cookie by its base name, the `__Host-` form first. */
export function cookie(req: FastifyRequest, name: CookieName): string | undefined {
  const all = readCookies(req);
  return all.get(`__Host-${name}`) ?? all.get(name);
}

/** The Set-Cookie value; `maxAgeSec` 0 deletes it. */
export function serializeCookie(name: CookieName, value: string, o: { secure: boolean; httpOnly: boolean; maxAgeSec: number }): string {
  return [
    `${o.secure ? '__Host-' : ''}${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSec))}`,
    'SameSite=Lax',
    ...(o.httpOnly ? ['HttpOnly'] : []),
    ...(o.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Adds Set-Cookie headers to the reply (keeping any set before). */
export function setCookies(reply: FastifyReply, values: string[]): void {
  const before = reply.getHeader('set-cookie');
  const list = before === undefined ? [] : Array.isArray(before) ? before.map(String) : [String(before)];
  reply.header('set-cookie', [...list, ...values]);
}

/** Deletes the cookie in both of its forms (the scheme the server is reached by may have changed). */
export function clearCookie(name: CookieName): string[] {
  return [serializeCookie(name, '', { secure: false, httpOnly: true, maxAgeSec: 0 }), serializeCookie(name, '', { secure: true, httpOnly: true, maxAgeSec: 0 })];
}
