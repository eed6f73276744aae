/**
 * The manifest's fields (weft.json): version, description, timeout, memory, input/output JSON Schemas.
 * Controlled by the detail page, which turns the draft into a manifest at deploy time (manifest-draft.ts)
 * and passes back the fields' problems to show next to them.
 */
import type { DraftErrors, ManifestDraft } from './manifest-draft.js';

interface FieldProps {
  id: keyof ManifestDraft;
  label: string;
  hint?: string;
  draft: ManifestDraft;
  errors: DraftErrors;
  onChange(d: ManifestDraft): void;
  multiline?: boolean;
  inputMode?: 'numeric';
}

function Field({ id, label, hint, draft, errors, onChange, multiline, inputMode }: FieldProps): React.JSX.Element {
  const domId = `manifest-${id}`;
  const described = [hint ? `${domId}-hint` : '', errors[id] ? `${domId}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id: domId, value: draft[id], 'aria-invalid': errors[id] ? true : undefined, 'aria-describedby': described };
  return (
    <div className="field">
      <label htmlFor={domId}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={4} spellCheck={false} className="mono" onChange={(e) => onChange({ ...draft, [id]: e.target.value })} />
      ) : (
        <input {...common} inputMode={inputMode} onChange={(e) => onChange({ ...draft, [id]: e.target.value })} />
      )}
      {hint ? (
        <span id={`${domId}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {errors[id] ? (
        <span id={`${domId}-error`} className="error">
          {errors[id]}
        </span>
      ) : null}
    </div>
  );
}

export function ManifestForm({ name, draft, errors, onChange }: { name: string; draft: ManifestDraft; errors: DraftErrors; onChange(d: ManifestDraft): void }): React.JSX.Element {
  const props = { draft, errors, onChange };
  return (
    <fieldset className="manifest-form">
      <legend>Manifest (weft.json)</legend>
      <div className="field">
        <label htmlFor="manifest-name">Name</label>
        <input id="manifest-name" value={name} readOnly aria-readonly="true" />
      </div>
      <div className="manifest-row">
        <Field id="version" label="Version" hint="a new version number for changed code" {...props} />
        <Field id="timeoutMs" label="Timeout (ms)" inputMode="numeric" {...props} />
        <Field id="memoryMb" label="Memory (MB)" inputMode="numeric" {...props} />
      </div>
      <Field id="description" label="Description" {...props} />
      <Field id="input" label="Input schema (JSON Schema, optional)" multiline {...props} />
      <Field id="output" label="Output schema (JSON Schema, optional)" multiline {...props} />
    </fieldset>
  );
}
