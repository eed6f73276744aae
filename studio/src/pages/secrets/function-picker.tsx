/**
 * A deployed function (`GET /api/v1/functions`) and, optionally, a version or alias of it: what rotates a
 * secret, now or on a schedule. A choice that is not deployed (a schedule's function since removed) is
 * kept as an option marked so.
 */
import { useId } from 'react';
import type { FunctionSummary } from './secret-types.js';

export interface FunctionChoice {
  fn: string;
  /** A version or alias; '' for the default (live alias, else newest). */
  ref: string;
}

export function FunctionPicker({ functions, value, onChange }: { functions: FunctionSummary[] | null; value: FunctionChoice; onChange(v: FunctionChoice): void }): React.JSX.Element {
  const id = useId();
  const chosen = functions?.find((f) => f.name === value.fn);
  const refKnown = !value.ref || !!chosen?.aliases.some((a) => a.alias === value.ref) || !!chosen?.versions.includes(value.ref);
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-fn`}>Function</label>
        <select id={`${id}-fn`} value={value.fn} onChange={(e) => onChange({ fn: e.target.value, ref: '' })} disabled={!functions || functions.length === 0}>
          <option value="">choose a function</option>
          {(functions ?? []).map((f) => (
            <option key={f.name} value={f.name}>
              {f.name}
            </option>
          ))}
          {value.fn && functions && !chosen ? <option value={value.fn}>{value.fn} (not deployed)</option> : null}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-ref`}>Version or alias</label>
        <select id={`${id}-ref`} value={value.ref} onChange={(e) => onChange({ ...value, ref: e.target.value })} disabled={!chosen}>
          <option value="">default (live alias, else newest)</option>
          {chosen?.aliases.map((a) => (
            <option key={`a-${a.alias}`} value={a.alias}>
              alias {a.alias}
            </option>
          ))}
          {chosen?.versions.map((v) => (
            <option key={`v-${v}`} value={v}>
              version {v}
            </option>
          ))}
          {refKnown ? null : <option value={value.ref}>{value.ref} (not deployed)</option>}
        </select>
      </div>
    </>
  );
}

/** The deployed function a choice names, if it is one. */
export function chosenFunction(functions: FunctionSummary[] | null, value: FunctionChoice): FunctionSummary | undefined {
  return functions?.find((f) => f.name === value.fn);
}
