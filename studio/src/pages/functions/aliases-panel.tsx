/**
 * Aliases: where each one routes, and a form to point one at a version or split it between two by
 * weight (a canary: 90 % on the current version, 10 % on the new one). The second weight follows the
 * first so that the two always sum to 100, which the server requires.
 */
import { useState } from 'react';
import { api } from '../../api/client.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { type FunctionAlias, type FunctionDetail, NAME_PATTERN } from './function-types.js';

interface AliasDraft {
  alias: string;
  version: string;
  weight: number;
  /** '' = no split. */
  second: string;
}

export function AliasesPanel({ fn, onSaved }: { fn: FunctionDetail; onSaved(): void }): React.JSX.Element {
  const [draft, setDraft] = useState<AliasDraft>({ alias: 'live', version: fn.latest, weight: 100, second: '' });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const nameOk = NAME_PATTERN.test(draft.alias);
  const split = draft.second !== '' && draft.second !== draft.version;

  const edit = (a: FunctionAlias) => {
    const [first, second] = a.routes;
    setDraft({ alias: a.alias, version: first.version, weight: second ? first.weight : 100, second: second?.version ?? '' });
    setSaved('');
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved('');
    const routes = split ? [{ version: draft.version, weight: draft.weight }, { version: draft.second, weight: 100 - draft.weight }] : [{ version: draft.version, weight: 100 }];
    try {
      await api(`/api/v1/functions/${encodeURIComponent(fn.name)}/aliases/${encodeURIComponent(draft.alias)}`, { method: 'PUT', body: { routes } });
      setSaved(`Alias ${draft.alias} now routes ${routes.map((r) => `${r.weight}% to ${r.version}`).join(' and ')}.`);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="fn-panel" aria-labelledby="aliases-title">
      <h2 id="aliases-title">Aliases</h2>
      {fn.aliases.length === 0 ? <p className="muted">No aliases: calls go to the newest version.</p> : null}
      <ul className="alias-list" aria-label="Aliases">
        {fn.aliases.map((a) => (
          <li key={a.alias} data-testid={`alias-${a.alias}`}>
            <strong>{a.alias}</strong> → {a.routes.map((r) => `${r.version} (${r.weight}%)`).join(', ')}{' '}
            <button type="button" onClick={() => edit(a)} aria-label={`Edit alias ${a.alias}`}>
              Edit
            </button>
          </li>
        ))}
      </ul>
      <form
        className="alias-form"
        aria-label="Set an alias"
        onSubmit={(e) => {
          e.preventDefault();
          if (nameOk) void save();
        }}
      >
        <div className="field">
          <label htmlFor="alias-name">Alias</label>
          <input id="alias-name" value={draft.alias} onChange={(e) => setDraft({ ...draft, alias: e.target.value })} aria-invalid={nameOk ? undefined : true} size={10} />
        </div>
        <div className="field">
          <label htmlFor="alias-version">Version</label>
          <select id="alias-version" value={draft.version} onChange={(e) => setDraft({ ...draft, version: e.target.value })}>
            {fn.versions.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="alias-weight">Weight %</label>
          <input id="alias-weight" type="number" min={0} max={100} step={1} value={split ? draft.weight : 100} disabled={!split} onChange={(e) => setDraft({ ...draft, weight: Math.min(100, Math.max(0, Math.round(Number(e.target.value) || 0))) })} />
        </div>
        <div className="field">
          <label htmlFor="alias-second">Split with</label>
          <select id="alias-second" value={draft.second} onChange={(e) => setDraft({ ...draft, second: e.target.value, weight: e.target.value && draft.weight === 100 ? 90 : draft.weight })}>
            <option value="">no split</option>
            {fn.versions
              .filter((v) => v !== draft.version)
              .map((v) => (
                <option key={v}>{v}</option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="alias-second-weight">Its weight %</label>
          <input id="alias-second-weight" type="number" value={split ? 100 - draft.weight : 0} readOnly aria-readonly="true" />
        </div>
        <button type="submit" className="primary" disabled={busy || !nameOk}>
          {busy ? 'Saving…' : 'Save alias'}
        </button>
      </form>
      {!nameOk ? <p className="error">An alias name is lower-case letters, digits and dashes, starting with a letter.</p> : null}
      {saved ? (
        <p className="notice" role="status">
          {saved}
        </p>
      ) : null}
      {error ? <ProblemMessage error={error} /> : null}
    </section>
  );
}
