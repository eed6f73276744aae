/** How large a run's input, output or a function's payload may be, and the check every layer shares. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

/** The UTF-8 size of `value` as JSON when it exceeds `limit`, else undefined (cheap for small values). */
export function oversize(value: unknown, limit: number): number | undefined {
  const text = JSON.stringify(value) ?? '';
  // Every UTF-16 unit is at most 3 UTF-8 bytes: below a third of the limit no exact count is needed.
  if (text.length * 3 <= limit) return undefined;
  const bytes = utf8Length(text);
  return bytes > limit ? bytes : undefined;
}

/** UTF-8 byte length without encoding (a lone surrogate counts 3 bytes, as its U+FFFD replacement). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
