/** `Prefer: wait=<seconds>` (RFC 7240 §4.3): the seconds to wait, capped; undefined when absent or unparsable. */
export function preferWait(header: string | string[] | undefined, maxSeconds: number): number | undefined {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text) return undefined;
  for (const pref of text.split(',')) {
    const m = /^\s*wait\s*=\s*"?(\d+(?:\.\d+)?)"?\s*(?:;.*)?$/i.exec(pref);
    if (m) return Math.min(Number(m[1]), maxSeconds);
  }
  return undefined;
}
