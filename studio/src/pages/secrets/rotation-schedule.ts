/**
 * A secret's scheduled rotation: its period typed as the CLI's `--every` takes it (`30d`, `12h`, `90m`,
 * `1h 30m`, or plain seconds; overlap.ts reads the duration), from 1 minute to 366 days as the vault
 * allows, and said back as people read it ("every 30 days by mint"). Pure (unit-tested).
 */
import { durationSeconds } from './overlap.js';
import type { Secret } from './secret-types.js';

export type Rotation = NonNullable<Secret['rotation']>;

/** The vault's bounds on a period: 1 minute to 366 days. */
export const MIN_PERIOD_SECONDS = 60;
export const MAX_PERIOD_SECONDS = 366 * 86_400;

/** The period's seconds, or why the text is not one the vault takes. */
export function parsePeriod(text: string): { seconds: number } | { error: string } {
  if (text.trim() === '') return { error: 'enter how often, e.g. 30d or 12h' };
  const seconds = durationSeconds(text);
  if (seconds === undefined) return { error: 'a duration such as 30d, 12h or 90m (seconds without a unit)' };
  if (seconds < MIN_PERIOD_SECONDS) return { error: 'at least 1 minute (1m)' };
  if (seconds > MAX_PERIOD_SECONDS) return { error: 'at most 366 days (366d)' };
  return { seconds };
}

const UNITS = [
  ['d', 86_400, 'day'],
  ['h', 3600, 'hour'],
  ['m', 60, 'minute'],
  ['s', 1, 'second'],
] as const;

/** The largest unit that divides `seconds` exactly (seconds for 0 or a fraction). */
function unitOf(seconds: number): (typeof UNITS)[number] {
  return UNITS.find(([, size]) => seconds > 0 && seconds % size === 0) ?? UNITS[3];
}

/** A period as the field (and the CLI's `--every`) writes it: 30d, 36h, 90m, 61s. */
export function periodText(seconds: number): string {
  const [unit, size] = unitOf(seconds);
  return `${seconds / size}${unit}`;
}

/** A period as people read it: every day, every 30 days, every 12 hours, every 90 minutes, every 61 seconds. */
export function formatEvery(seconds: number): string {
  const [, size, word] = unitOf(seconds);
  const n = seconds / size;
  return n === 1 ? `every ${word}` : `every ${n} ${word}s`;
}

/** The schedule in a few words: `every 30 days by mint:live`. */
export function rotationSummary(rotation: Pick<Rotation, 'everySeconds' | 'function'>): string {
  return `${formatEvery(rotation.everySeconds)} by ${rotation.function}`;
}
