/**
 * The presented form of an API key: `wk_<id>_<secret>`. The id (12 lowercase hex) is not secret: it
 * names the stored record so verification is one lookup, not a scan. The secret is 32 random bytes
 * (base64url, 43 chars), which is why a fast salted SHA-256 is enough to store it (secret-hash.ts).
 */
export const KEY_PREFIX = 'wk_';

/**
 * Longest string verify() looks at. Real keys are 59 chars; the bound keeps a hostile header from
 * costing a hash of megabytes and leaves room for a long WEFT_ADMIN_KEY.
 */
export const MAX_PRESENTED_LENGTH = 512;

const ID_BYTES = 6;
const SECRET_BYTES = 32;
const FORMAT = /^wk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export type RandomBytes = (size: number) => Buffer;

export interface ParsedKey {
  id: string;
  secret: string;
}

/** The id and secret of a well-formed key, or undefined. The secret may itself contain `_`. */
export function parseKey(presented: string): ParsedKey | undefined {
  const m = FORMAT.exec(presented);
  return m ? { id: m[1], secret: m[2] } : undefined;
}

/** Whether `id` has the generated form (a WEFT_ADMIN_KEY outside `wk_` form is stored under another id). */
export function isKeyId(id: string): boolean {
  return /^[0-9a-f]{12}$/.test(id);
}

export function formatKey(id: string, secret: string): string {
  return `${KEY_PREFIX}${id}_${secret}`;
}

export function newKeyId(random: RandomBytes): string {
  return random(ID_BYTES).toString('hex');
}

export function newSecret(random: RandomBytes): string {
  return random(SECRET_BYTES).toString('base64url');
}
