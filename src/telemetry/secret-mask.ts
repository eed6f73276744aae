/**
 * The telemetry's last line of defence for secret values: log lines and span error messages pass through
 * a mask that the composed server sets once its vault is open (cli/compose.ts, namespace-grants.ts
 * `secretTextMask`). Until then, and without a vault, text passes unchanged.
 */
import type { DestinationStream } from 'pino';

export class SecretMask {
  private fn: (text: string) => string = (t) => t;

  /** Sets what masks text (every known secret value, raw and as it looks inside JSON). */
  set(fn: (text: string) => string): void {
    this.fn = fn;
  }

  text(text: string): string {
    return this.fn(text);
  }

  /** A pino destination that masks each serialized line before it is written to `out`. */
  stream(out: { write(line: string): unknown }): DestinationStream {
    return { write: (line: string) => void out.write(this.fn(line)) };
  }
}
