/**
 * "Run": a form generated from the workflow's `input.schema` (one field per top-level property of an
 * object schema; JSON text for anything else), then POST …/runs and go to the run's page.
 */
import { useId, useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import { navigate } from '../../app/router.js';
import { ProblemMessage } from '../../components/problem-message.js';
import type { Document } from '../../model/index.js';

interface PropSchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  default?: unknown;
}

export function inputSchemaOf(doc: Document): { properties: Record<string, PropSchema>; required: string[] } | null {
  const input = doc.input as { schema?: { format?: string; document?: unknown } } | undefined;
  const s = input?.schema?.document as { type?: string; properties?: Record<string, PropSchema>; required?: string[] } | undefined;
  if (!s || typeof s !== 'object' || !s.properties || (s.type !== undefined && s.type !== 'object')) return null;
  return { properties: s.properties, required: s.required ?? [] };
}

export function RunDialog({ namespace, name, version, doc, onClose }: { namespace: string; name: string; version: string; doc: Document; onClose(): void }): React.JSX.Element {
  const schema = useMemo(() => inputSchemaOf(doc), [doc]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [json, setJson] = useState('{}');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const baseId = useId();

  const input = (): unknown => {
    if (!schema) return JSON.parse(json);
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(schema.properties)) {
      const raw = values[key];
      if (raw === undefined || raw === '') continue;
      const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
      if (type === 'number' || type === 'integer') out[key] = Number(raw);
      else if (type === 'boolean') out[key] = raw === 'true';
      else if (type === 'object' || type === 'array') out[key] = JSON.parse(raw);
      else out[key] = raw;
    }
    return out;
  };

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const run = await api<{ id: string }>(`/api/v1/workflows/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/runs?version=${encodeURIComponent(version)}`, { method: 'POST', body: input() });
      navigate('runs', run.id);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div role="dialog" aria-modal="true" aria-labelledby={`${baseId}-title`} className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form
        className="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <h2 id={`${baseId}-title`}>
          Run {namespace}/{name} {version}
        </h2>
        {schema ? (
          Object.entries(schema.properties).map(([key, prop], i) => {
            const id = `${baseId}-${key}`;
            const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
            return (
              <div className="field" key={key}>
                <label htmlFor={id}>
                  {key}
                  {schema.required.includes(key) ? ' *' : ''} <span className="muted">({type ?? 'any'})</span>
                </label>
                {type === 'boolean' ? (
                  <select id={id} value={values[key] ?? ''} onChange={(e) => setValues({ ...values, [key]: e.target.value })}>
                    <option value="">(unset)</option>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : (
                  <input
                    id={id}
                    autoFocus={i === 0}
                    required={schema.required.includes(key)}
                    type={type === 'number' || type === 'integer' ? 'number' : 'text'}
                    placeholder={type === 'object' || type === 'array' ? 'JSON' : undefined}
                    value={values[key] ?? ''}
                    onChange={(e) => setValues({ ...values, [key]: e.target.value })}
                  />
                )}
                {prop.description ? <span className="hint">{prop.description}</span> : null}
              </div>
            );
          })
        ) : (
          <div className="field">
            <label htmlFor={`${baseId}-json`}>Input (JSON)</label>
            <textarea id={`${baseId}-json`} autoFocus rows={6} value={json} onChange={(e) => setJson(e.target.value)} style={{ fontFamily: 'ui-monospace, monospace' }} />
          </div>
        )}
        {error ? <ProblemMessage error={error} /> : null}
        <div className="toolbar">
          <button type="submit" className="primary" disabled={busy}>
            Start run
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
