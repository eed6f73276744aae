/**
 * Scheduled secret rotation: every `checkMs` a scheduler node looks for secrets whose rotation is due
 * (the vault's cache) and rotates each through its rotation function. A due slot is claimed in the
 * ScheduleStore first (a compare-and-set, key `vault:<namespace>/<name>`), so on several nodes each slot
 * rotates once; a rotation that fails is tried again after RETRY_MS (or its period, if shorter), and is
 * told as a `dev.weft.secret.rotation_failed` CloudEvent by the rotation itself.
 */
import type { SecretRecord } from '../ports/index.js';

/** How soon a failed scheduled rotation is tried again. */
export const RETRY_MS = 5 * 60_000;

export interface RotationSchedulerOptions {
  vault: {
    dueRotations(now: number): SecretRecord[];
    rescheduled(namespace: string, name: string, nextAt: number): Promise<void>;
  };
  /** ScheduleStore.claim: true when this node won the slot. */
  claim(key: string, slot: number, at: number): Promise<boolean>;
  /** Rotates by the function (the platform's `secrets.rotate`, which tells the outcome as a CloudEvent). */
  rotate(namespace: string, name: string, fn: string): Promise<unknown>;
  now(): number;
  onError(err: unknown, context: string): void;
  checkMs?: number;
}

export class RotationScheduler {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly o: RotationSchedulerOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.o.checkMs ?? 15_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over the due rotations (one at a time: rotations are rare, and a function call each). */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    for (const r of this.o.vault.dueRotations(this.o.now())) {
      const rotation = r.rotation!;
      const where = `${r.namespace}/${r.name}`;
      try {
        if (!(await this.o.claim(`vault:${where}`, rotation.nextAt, this.o.now()))) continue;
        let next: number;
        try {
          await this.o.rotate(r.namespace, r.name, rotation.function);
          next = this.o.now() + rotation.everyMs;
        } catch (err) {
          this.o.onError(err, `rotate secret ${where} with ${rotation.function}`);
          next = this.o.now() + Math.min(RETRY_MS, rotation.everyMs);
        }
        await this.o.vault.rescheduled(r.namespace, r.name, next);
      } catch (err) {
        this.o.onError(err, `schedule the rotation of secret ${where}`);
      }
    }
  }
}
