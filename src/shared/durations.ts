/** DSL durations: ISO 8601 (`PT1H30M`, `P2D`) or objects (`{ minutes: 5, seconds: 30 }`), in milliseconds. */
import type { Json } from './json.js';

const ISO = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const UNIT_MS = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, milliseconds: 1 } as const;

/** Returns the duration in ms, or null when `d` is not a valid duration. */
export function durationMs(d: Json | undefined): number | null {
  if (typeof d === 'string') {
    const m = ISO.exec(d.trim());
    if (!m || d.trim() === 'P' || d.trim().endsWith('T')) return null;
    const [, days, hours, minutes, seconds] = m.map((x) => (x === undefined ? 0 : Number(x)));
    return Math.round(days * UNIT_MS.days + hours * UNIT_MS.hours + minutes * UNIT_MS.minutes + seconds * UNIT_MS.seconds);
  }
  if (d && typeof d === 'object' && !Array.isArray(d)) {
    let total = 0;
    for (const [unit, v] of Object.entries(d)) {
      const factor = UNIT_MS[unit as keyof typeof UNIT_MS];
      if (factor === undefined || typeof v !== 'number' || v < 0) return null;
      total += v * factor;
    }
    return total;
  }
  return null;
}
