/**
 * Sealing what Weft hands a browser to keep: the session and the pending login's state go out as
 * encrypted JWTs (JWE, `dir` + A256GCM), so the browser can neither read nor change them. The keys are
 * derived (HKDF-SHA256) from one secret, a different key per purpose: a login-state cookie can never be
 * replayed as a session. The secret is `WEFT_SESSION_SECRET`, else the vault's master key, else random
 * per process (sessions then end at a restart and are not shared between nodes: docs/sso.md).
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { EncryptJWT, type JWTPayload, jwtDecrypt } from 'jose';

export type SealPurpose = 'session' | 'login';

export interface SessionSecret {
  secret: Uint8Array;
  /** Where it came from, for the start-up line. */
  source: 'WEFT_SESSION_SECRET' | 'master key' | 'random';
}

/** Picks the session secret: the setting (at least 32 characters), the master key, or 32 random bytes. */
export function sessionSecret(setting: string | undefined, masterKey: Uint8Array | undefined): SessionSecret | { error: string } {
  if (setting !== undefined && setting !== '') {
    if (setting.length < 32) return { error: 'WEFT_SESSION_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)' };
    return { secret: Buffer.from(setting, 'utf8'), source: 'WEFT_SESSION_SECRET' };
  }
  if (masterKey) return { secret: masterKey, source: 'master key' };
  return { secret: randomBytes(32), source: 'random' };
}

export class Sealer {
  private readonly keys: Record<SealPurpose, Uint8Array>;

  constructor(secret: Uint8Array) {
    const derive = (purpose: SealPurpose) => new Uint8Array(hkdfSync('sha256', secret, 'weft sso', `weft ${purpose} cookie v1`, 32));
    this.keys = { session: derive('session'), login: derive('login') };
  }

  /** `payload` sealed until `expiresAt` (epoch ms). */
  seal(purpose: SealPurpose, payload: JWTPayload, expiresAt: number): Promise<string> {
    return new EncryptJWT(payload)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', typ: `weft-${purpose}` })
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .encrypt(this.keys[purpose]);
  }

  /** The payload, or throws (jose's error) when the token was altered, sealed for another purpose or expired. */
  async open(purpose: SealPurpose, sealed: string): Promise<JWTPayload> {
    const { payload } = await jwtDecrypt(sealed, this.keys[purpose], { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'], typ: `weft-${purpose}` });
    return payload;
  }
}
