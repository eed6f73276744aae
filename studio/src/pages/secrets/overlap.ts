/**
 * The overlap window of a new version: how long the version it replaces stays readable. Typed as the CLI
 * takes it (`90s`, `15m`, `1h`, `2d`, `1h30m`, or plain seconds); empty means the server's default (one
 * hour). The duration parsing is shared with a rotation schedule's period (rotation-schedule.ts). Pure
 * (unit-tested).
 */

/** The vault's maximum: 30 days. */
export const MAX_OVERLAP_SECONDS = 30 * 86_400;

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * A duration as the CLI takes it — plain seconds, or numbers with units `s`, `m`, `h`, `d` (`1h 30m`),
 * any case — in seconds; undefined when the text is not one (empty included).
 */
export function durationSeconds(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  if (/^(\d+\s*[smhd]\s*)+$/.test(t)) return [...t.matchAll(/(\d+)\s*([smhd])/g)].reduce((sum, m) => sum + Number(m[1]) * UNIT[m[2]], 0);
  return undefined;
}

/** `{}` for the server's default, the seconds, or why the text is not an overlap. */
export function parseOverlap(text: string): { seconds?: number } | { error: string } {
  if (text.trim() === '') return {};
  const seconds = durationSeconds(text);
  if (seconds === undefined) return { error: 'a duration such as 90s, 15m, 1h, 2d or 0 (seconds without a unit)' };
  if (seconds > MAX_OVERLAP_SECONDS) return { error: 'at most 30 days (30d)' };
  return { seconds };
}

/** Seconds as people read them: 0 s, 90 s, 15 min, 1 h, 1 h 30 min, 2 d. */
export function formatOverlap(seconds: number): string {
  if (seconds < 120 && seconds % 60 !== 0) return `${seconds} s`;
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['min', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n} ${unit}`);
    rest -= n * size;
  }
  return parts.join(' ') || '0 s';
}
