/** Display formats shared by the runs pages. */

/** A duration in ms as people read it: 0.4 ms, 850 ms, 12.3 s, 4 min 5 s. */
export function formatDuration(ms: number): string {
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Pretty JSON for display (undefined shown as an em dash). */
export function jsonText(value: unknown): string {
  return value === undefined ? '—' : JSON.stringify(value, null, 2);
}
