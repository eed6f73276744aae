/** The overlap of a new version (overlap.ts): text such as 15m, empty for the server's default (1 h). */
import { useId } from 'react';
import { parseOverlap } from './overlap.js';

export function OverlapField({ value, onChange }: { value: string; onChange(text: string): void }): React.JSX.Element {
  const id = useId();
  const parsed = parseOverlap(value);
  const error = 'error' in parsed ? parsed.error : '';
  return (
    <div className="field overlap-field">
      <label htmlFor={id}>Overlap</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} placeholder="1h (default)" aria-invalid={error ? true : undefined} aria-describedby={`${id}-hint`} />
      <span id={`${id}-hint`} className={error ? 'error' : 'hint'}>
        {error || 'e.g. 90s, 15m, 2d; 0 for none'}
      </span>
    </div>
  );
}

/** The `overlapSeconds` to send, when the text sets one (an invalid text sends nothing: the form is blocked). */
export function overlapBody(text: string): { overlapSeconds?: number } {
  const parsed = parseOverlap(text);
  return 'seconds' in parsed && parsed.seconds !== undefined ? { overlapSeconds: parsed.seconds } : {};
}
