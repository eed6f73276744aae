/**
 * Who else may read the secret: other namespaces' workflows, and functions (`*`: all). Each grant can
 * be revoked; new ones are added as a list (grants.ts). `POST …/grants`, with `revoke` to remove.
 */
import { useId, useState } from 'react';
import { api } from '../../api/client.js';
import { type GrantKind, grantBody, notGrantedYet, parseGrantEntries } from './grants.js';
import { type Secret, secretPath } from './secret-types.js';
import { VaultProblem } from './vault-problem.js';

const SINGULAR: Record<GrantKind, string> = { namespaces: 'namespace', functions: 'function' };

export function GrantsPanel({ secret, functionNames, onChanged }: { secret: Secret; functionNames: string[]; onChanged(s: Secret): void }): React.JSX.Element {
  const id = useId();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const change = async (kind: GrantKind, entries: string[], revoke: boolean): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await api<Secret>(secretPath(secret.namespace, secret.name, 'grants'), { method: 'POST', body: grantBody(kind, entries, revoke) }));
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const entryName = secret.namespace === 'default' ? secret.name : `${secret.namespace}/${secret.name}`;
  return (
    <section className="secret-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Grants</h2>
      <GrantList
        kind="namespaces"
        title="Namespaces"
        current={secret.grants.namespaces}
        busy={busy}
        onChange={change}
        explain={
          <>
            Workflows of namespace {secret.namespace} read it when their document lists <code>{secret.name}</code> in <code>use.secrets</code>.
            Workflows of the namespaces granted here may too. <code>*</code>: every namespace.
          </>
        }
      />
      <GrantList
        kind="functions"
        title="Functions"
        current={secret.grants.functions}
        suggestions={['*', ...functionNames]}
        busy={busy}
        onChange={change}
        explain={
          <>
            Functions granted here read it with <code>ctx.secrets.get(&quot;{entryName}&quot;)</code> when their manifest lists{' '}
            <code>{entryName}</code> in <code>secrets</code>. <code>*</code>: every function.
          </>
        }
      />
      {error ? <VaultProblem error={error} /> : null}
    </section>
  );
}

interface GrantListProps {
  kind: GrantKind;
  title: string;
  current: string[];
  suggestions?: string[];
  explain: React.ReactNode;
  busy: boolean;
  onChange(kind: GrantKind, entries: string[], revoke: boolean): Promise<boolean>;
}

function GrantList({ kind, title, current, suggestions, explain, busy, onChange }: GrantListProps): React.JSX.Element {
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState('');
  const one = SINGULAR[kind];

  const add = async () => {
    const parsed = parseGrantEntries(kind, text);
    if ('error' in parsed) {
      setProblem(parsed.error);
      return;
    }
    const fresh = notGrantedYet(current, parsed.entries);
    if (fresh.length === 0) {
      setProblem(`already granted: ${parsed.entries.join(', ')}`);
      return;
    }
    setProblem('');
    if (await onChange(kind, fresh, false)) setText('');
  };

  return (
    <div className="grant-list">
      <h3>{title}</h3>
      <p className="muted">{explain}</p>
      {current.length === 0 ? (
        <p className="muted" data-testid={`grants-${kind}-none`}>
          No {kind} granted.
        </p>
      ) : (
        <ul aria-label={`Granted ${kind}`} data-testid={`grants-${kind}`}>
          {current.map((g) => (
            <li key={g}>
              <code>{g}</code>
              {g === '*' ? <span className="muted"> (every {one})</span> : null}{' '}
              <button type="button" className="danger" disabled={busy} aria-label={`Revoke ${one} ${g}`} onClick={() => void onChange(kind, [g], true)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="secret-row"
        aria-label={`Grant ${kind}`}
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <div className="field">
          <label htmlFor={id}>Add {kind}</label>
          <input
            id={id}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setProblem('');
            }}
            placeholder={kind === 'namespaces' ? 'billing, ops or *' : 'charge or *'}
            list={suggestions ? `${id}-list` : undefined}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-error` : undefined}
          />
          {suggestions ? (
            <datalist id={`${id}-list`}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          ) : null}
          {problem ? (
            <span id={`${id}-error`} className="error">
              {problem}
            </span>
          ) : null}
        </div>
        <div className="field">
          <button type="submit" disabled={busy || text.trim() === ''}>
            Grant
          </button>
        </div>
      </form>
    </div>
  );
}
