/**
 * One function: edit its TypeScript and manifest, deploy a version, test-run it (the edited code as a
 * draft, or a deployed version), and manage versions and aliases. A name that is not deployed yet opens
 * as a new function: its code can be test-run as a draft, and its first deploy creates it.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { href } from '../../app/router.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { AliasesPanel } from './aliases-panel.js';
import { CodeEditor } from './code-editor.js';
import type { DraftSource, FunctionDetail, FunctionSummary, FunctionVersionView } from './function-types.js';
import { type DraftErrors, type ManifestDraft, draftOf, manifestOf } from './manifest-draft.js';
import { ManifestForm } from './manifest-form.js';
import { type LoadedSource, deployBody, loadSource, template } from './source-store.js';
import { TestRunPanel } from './test-run-panel.js';
import { VersionsPanel } from './versions-panel.js';
import './functions.css';

export function FunctionDetailPage({ name }: { name: string }): React.JSX.Element {
  // undefined = loading, null = not deployed yet.
  const [fn, setFn] = useState<FunctionDetail | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(null);
  // The modules being edited (relative path → text), the entry module, and the file shown in the editor.
  const [files, setFiles] = useState<Record<string, string>>({});
  // The files as opened (or last deployed): the editor holds unsaved edits when `files` differ from them.
  const [saved, setSaved] = useState<Record<string, string>>({});
  const [entry, setEntry] = useState('index.ts');
  const [current, setCurrent] = useState('index.ts');
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

  /** Puts a version's source (or, without one, the template) in the editor. */
  const show = useCallback((loaded: LoadedSource | null, version: string | undefined) => {
    const f = loaded ?? { files: { 'index.ts': template(name) }, entry: 'index.ts' };
    setFiles(f.files);
    setSaved(f.files);
    setEntry(f.entry);
    setCurrent(f.entry);
    setOrigin(
      loaded?.from === 'server'
        ? `the source of ${version} stored on the server`
        : loaded
          ? `the source of ${version} as deployed from this browser`
          : version
            ? `a template: ${version} was deployed before the server kept function sources`
            : 'a template',
    );
  }, [name]);

  useEffect(() => {
    let stale = false;
    void reload().then(async (d) => {
      const newest: FunctionVersionView | undefined = d?.versionsDetail[0];
      let loaded: LoadedSource | null = null;
      try {
        loaded = newest ? await loadSource(name, newest.version) : null;
      } catch (e) {
        setLoadError(e);
      }
      if (stale) return;
      show(loaded, newest?.version);
      setDraft(draftOf(newest?.manifest));
    });
    return () => {
      stale = true;
    };
  }, [name, reload, show]);

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
      const sent = files;
      const v = await api<FunctionVersionView>(path, { method: 'PUT', body: { manifest: m.manifest, ...deployBody(sent, entry) } });
      setSaved(sent);
      setOrigin(`the source of ${v.version} as deployed from this studio`);
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

  /** The editor's code and the manifest form, as a draft run sends them; null (errors shown) when the form is invalid. */
  const draftSource = (): DraftSource | null => {
    const m = manifestOf(name, draft, fn?.versionsDetail[0]?.manifest);
    if ('errors' in m) {
      setErrors(m.errors);
      return null;
    }
    setErrors({});
    return { manifest: m.manifest, ...deployBody(files, entry) };
  };
  const hasCode = Object.values(files).some((text) => text.trim() !== '');
  const edited = !sameFiles(files, saved);

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
          <p className="muted source-origin">
            {Object.keys(files).length > 1 ? (
              <label>
                Editing{' '}
                <select aria-label="File" value={current} onChange={(e) => setCurrent(e.target.value)}>
                  {Object.keys(files)
                    .sort()
                    .map((f) => (
                      <option key={f} value={f}>
                        {f}
                        {f === entry ? ' (entry)' : ''}
                      </option>
                    ))}
                </select>
              </label>
            ) : (
              <>Editing {current}</>
            )}{' '}
            — started from {origin}.
          </p>
          <CodeEditor value={files[current] ?? ''} onChange={(text) => setFiles((f) => ({ ...f, [current]: text }))} label={`Source of function ${name} (TypeScript)`} />
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
      <div className="function-panels">
        <TestRunPanel name={name} fn={fn ?? null} hasCode={hasCode} edited={edited} draftSource={draftSource} />
        {fn ? (
          <div>
            <VersionsPanel
              fn={fn}
              onOpen={(v, loaded) => {
                show(loaded, v.version);
                // The manifest of the opened version, under the next free version number.
                setDraft({ ...draftOf(v.manifest), version: draftOf(fn.versionsDetail[0].manifest).version });
              }}
            />
            <AliasesPanel key={fn.versions.join()} fn={fn} onSaved={() => void reload()} />
          </div>
        ) : null}
      </div>
    </section>
  );
}

function sameFiles(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}
