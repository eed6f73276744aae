/**
 * How a key's secret is stored: `<scheme>:<hex digest>` with a per-key random salt beside it.
 *
 * - `sha256` for generated keys: their secrets carry 256 random bits, so a slow KDF adds no
 *   brute-force resistance, while scrypt (~25 ms a call, measured) would cap cold verifications at
 *   ~40/s per core and let anyone holding a key id tie up the thread pool with wrong secrets.
 * - `scrypt` for a WEFT_ADMIN_KEY that is not in `wk_` form: an operator-chosen string may be
 *   guessable, so a leaked database must not make it cheap to find. It is only hashed at bootstrap;
 *   per-request checks compare an in-memory digest (see ApiKeys.verify).
 */
import { createHash, scrypt, timingSafeEqual } from 'node:crypto';

const SCRYPT = { N: 1 << 14, r: 8, p: 1 };
const SCRYPT_LENGTH = 32;

export function hashFast(secret: string, salt: string): string {
  return `sha256:${createHash('sha256').update(Buffer.from(salt, 'hex')).update(secret).digest('hex')}`;
}

export function hashSlow(secret: string, salt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    scrypt(secret, Buffer.from(salt, 'hex'), SCRYPT_LENGTH, SCRYPT, (err, key) => (err ? reject(err) : resolve(`scrypt:${key.toString('hex')}`)));
  });
}

/** Constant-time equality of two stored-hash strings (length is not secret: it only reveals the scheme). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether `secret` matches a stored `sha256:` hash. Other schemes never match here: they are not checked per request. */
export function matchesFast(secret: string, salt: string, stored: string): boolean {
  return stored.startsWith('sha256:') && sameHash(hashFast(secret, salt), stored);
}

/** Whether `secret` matches a stored hash of either scheme (bootstrap only: scrypt is slow). */
export async function matchesAny(secret: string, salt: string, stored: string): Promise<boolean> {
  if (stored.startsWith('scrypt:')) return sameHash(await hashSlow(secret, salt), stored);
  return matchesFast(secret, salt, stored);
}
