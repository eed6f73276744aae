/** Codepoint-level string helpers: jq measures and slices strings in codepoints, JS in UTF-16 units. */

/** True when the string has no surrogate pairs, so UTF-16 indices are codepoint indices. */
function isBmp(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

export function codepointLength(s: string): number {
  if (isBmp(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function codepointSlice(s: string, start: number, end: number): string {
  if (isBmp(s)) return s.slice(start, end);
  return Array.from(s).slice(start, end).join('');
}

export function explode(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** Converts a UTF-16 offset to a codepoint offset. */
export function codepointOffset(s: string, utf16: number): number {
  let n = 0;
  for (let i = 0; i < utf16; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < utf16) i++;
    n++;
  }
  return n;
}
