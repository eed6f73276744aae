/**
 * Sealing run data at rest: a JSON value that holds a known secret value anywhere in its strings (a
 * `set` output that copied `$secrets.token`, a function's answer that echoes it, an emitted event) is
 * stored as `{"$weft:sealed": "ws1.…"}`, encrypted under the platform's data key (data-keys.ts) and
 * bound to where it belongs (`context`). Replays and views open it; views then mask the value again
 * (shared/redact.ts), so it is never shown and never on disk in clear. Values holding no secret are
 * stored as they are: sealing costs nothing when there is nothing to hide.
 */
import { type Json, containsAny, redactValues } from '../shared/index.js';
import { DataKeys } from './data-keys.js';

export const SEALED = '$weft:sealed';

export interface DataSealOptions {
  keys: DataKeys;
  /** Every secret value (string leaves) this process knows now: the vault's and the environment's. */
  needles: () => readonly string[];
}

export class DataSeal {
  constructor(private readonly o: DataSealOptions) {}

  /** Whether sealing is on (a master key is configured). Without it, values are stored as they are. */
  get enabled(): boolean {
    return this.o.keys.enabled;
  }

  /**
   * `value`, or its sealed form when it holds a secret value (or one of `extra`: the run's sensitive
   * values). A value that merely looks sealed (a caller's input, say) is sealed too, so that opening
   * gives it back as it was.
   */
  seal<T extends Json | undefined>(value: T, context: string, extra: readonly string[] = []): T {
    if (value === undefined || !this.o.keys.enabled) return value;
    if (!(isSealed(value) || containsAny(value, this.o.needles()) || containsAny(value, extra))) return value;
    return { [SEALED]: this.o.keys.seal(JSON.stringify(value), context) } as Json as T;
  }

  /** `value` with every secret value masked (`***`): for what is only ever shown, such as an error kept for operators. */
  mask<T extends Json>(value: T): T {
    return redactValues(value, this.o.needles());
  }

  /** What `seal` was given (anything not sealed is returned as it is). */
  async open<T extends Json | undefined>(value: T, context: string): Promise<T> {
    // Without a master key nothing was sealed (a database holding data keys does not start without one).
    if (!this.o.keys.enabled || !isSealed(value)) return value;
    return JSON.parse(await this.o.keys.open(value[SEALED], context)) as T;
  }
}

function isSealed(v: unknown): v is { [SEALED]: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && DataKeys.isSealed((v as Record<string, unknown>)[SEALED]);
}
