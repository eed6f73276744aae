/**
 * The value of a secret, write-only. The text lives only in the browser's input element: it is not
 * React state, so it is in no prop, no attribute (`document.body.innerHTML` never holds it) and nothing
 * re-renders it. The form reads it once through the handle when it sends it, then `clear()` empties
 * the element. Text is a password input ("Show while typing" turns it into plain text); a JSON object
 * is a text area, masked by CSS (`-webkit-text-security`) unless shown. Spell checking, autocomplete
 * and password managers are off: nothing offers to keep or send the text elsewhere.
 */
import { useId, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import { type SecretValue, type ValueMode, type ValueStatus, parseSecretValue, sensitiveStrings, valueStatus } from './secret-value.js';

export interface SecretValueHandle {
  /** The value to send and the strings to keep out of messages, or the problem (also shown under the field). */
  read(): { value: SecretValue; sensitive: string[] } | { error: string };
  /** Empties the field and hides it again (after a successful save). */
  clear(): void;
}

export interface SecretValueFieldProps {
  ref: React.Ref<SecretValueHandle>;
  label?: string;
  /** Told whether the field is empty or invalid, for the form's submit button. */
  onStatus?(status: ValueStatus): void;
}

const QUIET = { autoComplete: 'off', autoCorrect: 'off', autoCapitalize: 'off', spellCheck: false, 'data-1p-ignore': true, 'data-lpignore': 'true' } as const;

export function SecretValueField({ ref, label = 'Value', onStatus }: SecretValueFieldProps): React.JSX.Element {
  const id = useId();
  const element = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [mode, setMode] = useState<ValueMode>('text');
  const [shown, setShown] = useState(false);
  const [status, setStatus] = useState<ValueStatus>({ empty: true });
  const [tried, setTried] = useState(false);
  // The text while the element is swapped for the other mode's (input ⇄ text area); emptied at once.
  const carried = useRef('');

  const update = (text: string, m: ValueMode) => {
    const s = valueStatus(text, m);
    setStatus(s);
    onStatus?.(s);
  };

  useLayoutEffect(() => {
    if (element.current && carried.current) {
      element.current.value = carried.current;
      carried.current = '';
    }
    update(element.current?.value ?? '', mode);
    // Only on a mode switch (`update` is recreated each render and reads nothing else).
  }, [mode]);

  useImperativeHandle(ref, () => ({
      read() {
        setTried(true);
        const parsed = parseSecretValue(element.current?.value ?? '', mode);
        return 'error' in parsed ? parsed : { value: parsed.value, sensitive: sensitiveStrings(parsed.value) };
      },
      clear() {
        if (element.current) element.current.value = '';
        carried.current = '';
        setShown(false);
        setTried(false);
        update('', mode);
      },
  }));

  const switchTo = (m: ValueMode) => {
    if (m === mode) return;
    carried.current = element.current?.value ?? '';
    setMode(m);
  };
  const showError = status.error && (tried || !status.empty);
  const described = [`${id}-hint`, showError ? `${id}-error` : '', status.warning ? `${id}-warning` : ''].filter(Boolean).join(' ');
  const common = { id, ref: element, onInput: (e: React.FormEvent<HTMLInputElement | HTMLTextAreaElement>) => update(e.currentTarget.value, mode), 'aria-invalid': showError ? true : undefined, 'aria-describedby': described, ...QUIET };

  return (
    <div className="field secret-value">
      <div className="secret-value-head">
        <label htmlFor={id}>{label}</label>
        <span role="radiogroup" aria-label={`${label} type`} className="secret-value-mode">
          <label>
            <input type="radio" name={`${id}-mode`} checked={mode === 'text'} onChange={() => switchTo('text')} /> Text
          </label>
          <label>
            <input type="radio" name={`${id}-mode`} checked={mode === 'json'} onChange={() => switchTo('json')} /> JSON object
          </label>
        </span>
        <label className="secret-value-show">
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> Show while typing
        </label>
      </div>
      {mode === 'text' ? (
        <input {...common} type={shown ? 'text' : 'password'} className="mono" placeholder="the secret's value" />
      ) : (
        <textarea {...common} rows={5} className={shown ? 'mono' : 'mono masked'} placeholder='{"username": "app", "password": "…"}' />
      )}
      <span id={`${id}-hint`} className="hint">
        Write-only: sent once when you save, then cleared from this page. Nobody can read it back here.
      </span>
      {status.warning ? (
        <span id={`${id}-warning`} className="hint warning">
          The value {status.warning}.
        </span>
      ) : null}
      {showError ? (
        <span id={`${id}-error`} className="error">
          {status.error}
        </span>
      ) : null}
    </div>
  );
}
