/**
 * One function: edit its TypeScript and manifest, deploy a version, test-run it, and manage versions
 * and aliases. A name that is not deployed yet opens as a new function (its first deploy creates it).
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { href } from '../../app/router.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { AliasesPanel } from './aliases-panel.js';
import { CodeEditor } from './code-editor.js';
import type { FunctionDetail, FunctionSummary, FunctionVersionView } from './function-types.js';
import { type DraftErrors, type ManifestDraft, draftOf, manifestOf } from './manifest-draft.js';
import { ManifestForm } from './manifest-form.js';
import { rememberSource, rememberedSource, template } from './source-store.js';
import { TestRunPanel } from './test-run-panel.js';
import { VersionsPanel } from './versions-panel.js';
import './functions.css';

export function FunctionDetailPage({ name }: { name: string }): React.JSX.Element {
  // undefined = loading, null = not deployed yet.
  const [fn, setFn] = useState<FunctionDetail | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [source, setSource] = useState('');
  const [origin, setOrigin] = useState('');
  const [draft, setDraft] = useState<ManifestDraft>(() => draftOf(undefined));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [deployError, setDeployError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const path = `/api/v1/functions/${encodeURIComponent(name)}`;

  const reload = useCallback(async (): Promise<FunctionDetail | null> => {
    try {
      // Asked through the list first: a name not deployed yet is a normal state here, not a failed
      // request (a 404 would be logged as an error in the browser console).
      const all = await api<{ items: FunctionSummary[] }>('/api/v1/functions');
      if (!all.items.some((f) => f.name === name)) {
        setFn(null);
        return null;
      }
      const d = await api<FunctionDetail>(path);
      setFn(d);
      return d;
    } catch (e) {
      setLoadError(e);
      return null;
    }
  }, [name, path]);

  useEffect(() => {
    void reload().then((d) => {
      const newest: FunctionVersionView | undefined = d?.versionsDetail[0];
      const remembered = newest ? rememberedSource(name, newest.version) : null;
      setSource(remembered ?? template(name));
      setOrigin(remembered ? `the source of ${newest?.version} as deployed from this browser` : newest ? `a template: ${newest.version} was deployed elsewhere and the server keeps only its bundle` : 'a template');
      setDraft(draftOf(newest?.manifest));
    });
  }, [name, reload]);

  const deploy = async () => {
    setNotice('');
    setDeployError(null);
    const m = manifestOf(name, draft, fn?.versionsDetail[0]?.manifest);
    if ('errors' in m) {
      setErrors(m.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const v = await api<FunctionVersionView>(path, { method: 'PUT', body: { manifest: m.manifest, source } });
      rememberSource(name, v.version, source);
      setOrigin(`the source of ${v.version} as deployed from this browser`);
      const existed = fn?.versions.includes(v.version);
      setNotice(existed ? `Nothing changed: identical to version ${v.version}.` : `Deployed version ${v.version}.`);
      await reload();
      setDraft(draftOf(v.manifest));
    } catch (e) {
      setDeployError(e);
    } finally {
      setBusy(false);
    }
  };

  if (fn === undefined && !loadError) return <section className="page muted">Loading function {name}…</section>;
  return (
    <section className="page function-page" aria-labelledby="function-title">
      <header className="toolbar">
        <h1 id="function-title">Function {name}</h1>
        {fn ? <span className="muted">latest {fn.latest}</span> : <span className="muted">not deployed yet</span>}
        <a href={href('functions')} style={{ marginLeft: 'auto' }}>
          All functions
        </a>
      </header>
      {loadError ? <ProblemMessage error={loadError} /> : null}
      <div className="function-edit">
        <div className="function-code">
          <p className="muted source-origin">Editing index.ts — started from {origin}.</p>
          <CodeEditor value={source} onChange={setSource} label={`Source of function ${name} (TypeScript)`} />
        </div>
        <form
          className="function-manifest"
          aria-label="Deploy"
          onSubmit={(e) => {
            e.preventDefault();
            void deploy();
          }}
        >
          <ManifestForm name={name} draft={draft} errors={errors} onChange={setDraft} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Deploying…' : 'Deploy'}
          </button>
          {notice ? (
            <p className="notice" role="status">
              {notice}
            </p>
          ) : null}
          {deployError ? <ProblemMessage error={deployError} /> : null}
        </form>
      </div>
      {fn ? (
        <div className="function-panels">
          <TestRunPanel fn={fn} />
          <div>
            <VersionsPanel
              fn={fn}
              onOpen={(v, text) => {
                setSource(text);
                setOrigin(`the source of ${v.version} as deployed from this browser`);
                // The manifest of the opened version, under the next free version number.
                setDraft({ ...draftOf(v.manifest), version: draftOf(fn.versionsDetail[0].manifest).version });
              }}
            />
            <AliasesPanel key={fn.versions.join()} fn={fn} onSaved={() => void reload()} />
          </div>
        </div>
      ) : null}
    </section>
  );
}
