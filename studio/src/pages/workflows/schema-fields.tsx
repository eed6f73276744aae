/**
 * One form field per schema property: a text input (runtime expressions checked as typed), a number,
 * a checkbox, a choice, or YAML text for structured values. Values are committed on blur or Enter — not
 * per keystroke, which would rebuild the graph (and the YAML) on every character.
 */
import { useEffect, useId, useState } from 'react';
import { parse, stringify } from 'yaml';
import { checkValue } from '../../expr-check/jq-syntax.js';
import { type JsonSchema, deref, fieldKind, suggestions } from '../../schema/task-schema.js';

export interface FieldProps {
  name: string;
  schema: JsonSchema;
  value: unknown;
  required?: boolean;
  /** Extra suggestions for a string field (e.g. deployed functions for `call`). */
  options?: string[];
  /** `undefined` removes the property. */
  onCommit(value: unknown): void;
}

export function SchemaField(props: FieldProps): React.JSX.Element {
  const kind = fieldKind(props.schema);
  if (kind === 'boolean') return <BooleanField {...props} />;
  if (kind === 'enum') return <EnumField {...props} />;
  if (kind === 'structured' || (props.value !== undefined && typeof props.value === 'object')) return <StructuredField {...props} />;
  return <TextField {...props} numeric={kind === 'number' || kind === 'integer'} />;
}

function Label({ id, name, schema, required }: { id: string; name: string; schema: JsonSchema; required?: boolean }): React.JSX.Element {
  return (
    <label htmlFor={id} title={deref(schema).description}>
      {name}
      {required ? ' *' : ''}
    </label>
  );
}

function TextField({ name, schema, value, required, options, onCommit, numeric }: FieldProps & { numeric: boolean }): React.JSX.Element {
  const id = useId();
  const shown = value === undefined ? '' : String(value);
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const problem = numeric ? (text !== '' && Number.isNaN(Number(text)) ? 'not a number' : null) : checkValue(text);
  const commit = () => {
    if (problem || text === shown) return;
    onCommit(text === '' ? undefined : numeric ? Number(text) : text);
  };
  const hints = [...(options ?? []), ...suggestions(schema)];
  return (
    <div className="field">
      <Label id={id} name={name} schema={schema} required={required} />
      <input
        id={id}
        name={name}
        value={text}
        type={numeric ? 'number' : 'text'}
        list={hints.length ? `${id}-list` : undefined}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {hints.length ? (
        <datalist id={`${id}-list`}>
          {hints.map((h) => (
            <option key={h} value={h} />
          ))}
        </datalist>
      ) : null}
      {problem ? (
        <span id={`${id}-error`} className="error" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

function BooleanField({ name, schema, value, onCommit }: FieldProps): React.JSX.Element {
  const id = useId();
  return (
    <div className="field" style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
      <input id={id} type="checkbox" checked={value === true} onChange={(e) => onCommit(e.target.checked ? true : undefined)} />
      <Label id={id} name={name} schema={schema} />
    </div>
  );
}

function EnumField({ name, schema, value, required, onCommit }: FieldProps): React.JSX.Element {
  const id = useId();
  const choices = (deref(schema).enum ?? []) as string[];
  return (
    <div className="field">
      <Label id={id} name={name} schema={schema} required={required} />
      <select id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => onCommit(e.target.value === '' ? undefined : e.target.value)}>
        <option value="">(none)</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </div>
  );
}

function StructuredField({ name, schema, value, required, onCommit }: FieldProps): React.JSX.Element {
  const id = useId();
  const shown = value === undefined ? '' : stringify(value, { lineWidth: 0 }).trimEnd();
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  let problem: string | null = null;
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? undefined : parse(text);
  } catch (err) {
    problem = err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
  return (
    <div className="field">
      <Label id={id} name={`${name} (YAML)`} schema={schema} required={required} />
      <textarea
        id={id}
        name={name}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        value={text}
        spellCheck={false}
        style={{ fontFamily: 'ui-monospace, monospace', fontSize: 12 }}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          if (!problem && text !== shown) onCommit(parsed);
        }}
      />
      {problem ? (
        <span id={`${id}-error`} className="error" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}
