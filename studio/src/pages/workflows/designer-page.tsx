/**
 * The workflow designer: palette | canvas (or YAML) | properties, with Save (a new version) and Run.
 * Loads the highest version's source; a workflow that does not exist yet starts empty and is registered
 * by its first save. State and the two-way YAML sync: designer-state.ts.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { parse } from 'yaml';
import { ApiProblem, api } from '../../api/client.js';
import { href, navigate } from '../../app/router.js';
import { FlowCanvas } from '../../components/graph/FlowCanvas.js';
import { ProblemMessage, problemText } from '../../components/problem-message.js';
import { type Document, ROOT_LIST, addTask, connect, layout } from '../../model/index.js';
import { dropTarget } from './drop-target.js';
import { Palette } from './palette.js';
import { PropertyPanel } from './property-panel.js';
import { TestTaskDialog } from './test-task-dialog.js';
import { RunDialog } from './run-dialog.js';
import { freshName, taskTemplate } from './task-templates.js';
import { serverProblems } from './validation.js';
import { loadWorkflow, newWorkflow, saveWorkflow } from './workflow-source.js';
import { useDesigner } from './designer-state.js';
import { YamlEditor } from './yaml-editor.js';

interface Loaded {
  doc: Document;
  source?: string;
  /** The highest registered version; null for a workflow not saved yet. */
  version: string | null;
}

export function WorkflowDesignerPage({ namespace, name }: { namespace: string; name: string }): React.JSX.Element {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    loadWorkflow(namespace, name).then(
      (w) => live && setLoaded(w ? { doc: parse(w.source) as Document, source: w.source, version: w.version } : { doc: newWorkflow(namespace, name), version: null }),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [namespace, name]);
  if (error) {
    return (
      <section className="page">
        <h1>
          {namespace}/{name}
        </h1>
        <ProblemMessage error={error} />
      </section>
    );
  }
  if (!loaded) return <p className="page muted">Loading {namespace}/{name}…</p>;
  return <Designer namespace={namespace} name={name} initial={loaded} />;
}

function Designer({ namespace, name, initial }: { namespace: string; name: string; initial: Loaded }): React.JSX.Element {
  const d = useDesigner(initial.doc, initial.source);
  const [tab, setTab] = useState<'graph' | 'yaml'>('graph');
  const [lastSaved, setLastSaved] = useState(initial.version);
  const [savedYaml, setSavedYaml] = useState(initial.source ?? null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [runVersion, setRunVersion] = useState<string | null>(null);
  const [testing, setTesting] = useState<{ version: string; pointer: string } | null>(null);
  const [functions, setFunctions] = useState<string[]>([]);
  const dirty = savedYaml !== d.yaml;
  const header = (d.doc.document ?? {}) as Record<string, unknown>;

  useEffect(() => {
    // Suggestions for `call`: every deployed function at its latest version (a missing right is not an error here).
    api<{ items: { name: string; latest: string }[] }>('/api/v1/functions').then(
      (r) => setFunctions(r.items.map((f) => `${f.name}:${f.latest}@default`)),
      () => setFunctions([]),
    );
  }, []);

  const addAt = useCallback(
    (kind: string, list: string, index: number) => {
      const template = taskTemplate(kind);
      if (!template) return;
      const names = d.graph.nodes.filter((n) => n.type === 'task' && n.list === list).map((n) => n.name ?? '');
      const taskName = freshName(kind, names);
      // A new workflow has no `do` list yet only if its YAML lost it: start one.
      const base = d.graph.lists.some((l) => l.id === list) ? null : list === ROOT_LIST ? { ...d.doc, do: [] } : null;
      d.edit(
        (doc) => addTask(base ?? doc, list, index, taskName, template),
        () => `${list}/${index}/${taskName}`,
      );
    },
    [d],
  );

  const onDropTask = useCallback(
    (kind: string, position: { x: number; y: number }) => {
      const target = dropTarget(d.graph, layout(d.graph), position);
      addAt(kind, target.list, target.index);
    },
    [d.graph, addAt],
  );

  const onAdd = useCallback(
    (kind: string) => {
      const sel = d.graph.nodes.find((n) => n.id === d.selected);
      if (sel && sel.index !== undefined) addAt(kind, sel.list, sel.index + 1);
      else addAt(kind, ROOT_LIST, d.graph.lists.find((l) => l.id === ROOT_LIST)?.items.length ?? 0);
    },
    [d.graph, d.selected, addAt],
  );

  const onConnect = useCallback(
    (source: string, target: string) => {
      const from = d.graph.nodes.find((n) => n.id === source);
      const to = d.graph.nodes.find((n) => n.id === target);
      if (!from || from.type !== 'task' || !to) return;
      if (to.type === 'end' && to.list === from.list) d.edit((doc) => connect(doc, source, from.list === ROOT_LIST ? 'end' : 'exit'));
      else if (to.type === 'task' && to.list === from.list && to.name !== undefined) d.edit((doc) => connect(doc, source, to.name as string));
      else setStatus({ ok: false, text: 'A flow connects tasks of the same list (or a task to its list’s end).' });
    },
    [d],
  );

  const save = useCallback(async (): Promise<string | null> => {
    setSaving(true);
    setStatus(null);
    try {
      const saved = await saveWorkflow(d.yaml, d.doc);
      setLastSaved(saved.version);
      if (saved.source !== d.yaml) d.reset(parse(saved.source) as Document, saved.source);
      setSavedYaml(saved.source);
      setStatus({ ok: true, text: `Saved ${saved.namespace}/${saved.name} version ${saved.version}.` });
      if (saved.namespace !== namespace || saved.name !== name) navigate('workflows', saved.namespace, saved.name);
      return saved.version;
    } catch (err) {
      if (err instanceof ApiProblem) d.setServerErrors(serverProblems(err.problem, d.graph));
      setStatus({ ok: false, text: `Not saved: ${problemText(err)}` });
      return null;
    } finally {
      setSaving(false);
    }
  }, [d, namespace, name]);

  const run = useCallback(async () => {
    const version = dirty || lastSaved === null ? await save() : lastSaved;
    if (version) setRunVersion(version);
  }, [dirty, lastSaved, save]);

  // A test runs a registered version's task: unsaved changes are saved first, as for Run.
  const testTask = useCallback(
    async (pointer: string) => {
      const version = dirty || lastSaved === null ? await save() : lastSaved;
      if (version) setTesting({ version, pointer });
    },
    [dirty, lastSaved, save],
  );

  // Ctrl/Cmd+Z (and +Shift, or +Y) undo and redo designer edits — unless the focus is in a text field,
  // where the keys belong to the field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || !['z', 'y'].includes(e.key.toLowerCase())) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.closest('input, textarea, select, [contenteditable="true"]') !== null)) return;
      e.preventDefault();
      if (e.key.toLowerCase() === 'y' || e.shiftKey) d.redo();
      else d.undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [d]);

  const generalError = d.errors[''];
  const problemCount = useMemo(() => Object.keys(d.errors).length, [d.errors]);

  return (
    <div className="designer">
      <header className="designer-head">
        <h1>
          <a href={href('workflows')}>Workflows</a> / {namespace}/{name}
        </h1>
        <span className="muted" data-testid="workflow-version">
          version {String(header.version ?? '?')}
          {dirty ? ' (unsaved changes)' : ''}
        </span>
        <div className="tabs" role="tablist" aria-label="Designer view">
          <button type="button" role="tab" aria-selected={tab === 'graph'} onClick={() => setTab('graph')}>
            Graph
          </button>
          <button type="button" role="tab" aria-selected={tab === 'yaml'} onClick={() => setTab('yaml')}>
            YAML
          </button>
        </div>
        <button type="button" onClick={d.undo} disabled={!d.canUndo} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={d.redo} disabled={!d.canRedo} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <span style={{ flex: 1 }} />
        {problemCount > 0 ? <span className="error muted">{problemCount} problem{problemCount === 1 ? '' : 's'}</span> : null}
        <button type="button" onClick={() => void save()} disabled={saving || !!d.yamlError}>
          {saving ? 'Saving…' : 'Save version'}
        </button>
        <button type="button" className="primary" onClick={() => void run()} disabled={saving || !!d.yamlError}>
          Run…
        </button>
      </header>
      <div className="designer-body">
        <Palette onAdd={onAdd} disabled={tab !== 'graph'} />
        <div className="canvas-wrap" role="tabpanel" aria-label={tab === 'graph' ? 'Graph' : 'YAML'}>
          {tab === 'graph' ? (
            <FlowCanvas graph={d.graph} errors={d.errors} selected={d.selected ?? undefined} onSelect={d.select} onConnect={onConnect} onDropTask={onDropTask} label={`Graph of ${namespace}/${name}`} />
          ) : (
            <YamlEditor value={d.yaml} onChange={d.setYaml} label={`YAML of ${namespace}/${name}`} />
          )}
        </div>
        <aside className="props" aria-label="Properties">
          {status ? (
            <div className={status.ok ? 'notice' : 'problem'} role={status.ok ? 'status' : 'alert'}>
              {status.text}
            </div>
          ) : null}
          {d.yamlError ? (
            <div className="problem" role="alert">
              YAML: {d.yamlError}
            </div>
          ) : null}
          {d.editError ? (
            <div className="problem" role="alert">
              {d.editError}
            </div>
          ) : null}
          {generalError ? (
            <div className="problem" role="alert">
              {generalError}
            </div>
          ) : null}
          {d.selected ? (
            <>
              <PropertyPanel graph={d.graph} pointer={d.selected} functions={functions} edit={d.edit} />
              {d.graph.nodes.some((n) => n.id === d.selected && n.type === 'task') ? (
                <div className="toolbar" style={{ marginTop: 8 }}>
                  <button type="button" onClick={() => void testTask(d.selected as string)} disabled={saving || !!d.yamlError} title="Run only this task with mocked effects; nothing is stored">
                    Test this task…
                  </button>
                </div>
              ) : null}
            </>
          ) : (
            <p className="muted">Select a task to edit its properties, or drag a task from the palette onto the canvas.</p>
          )}
        </aside>
      </div>
      {testing ? <TestTaskDialog namespace={String(header.namespace ?? namespace)} name={String(header.name ?? name)} version={testing.version} pointer={testing.pointer} onClose={() => setTesting(null)} /> : null}
      {runVersion ? <RunDialog namespace={String(header.namespace ?? namespace)} name={String(header.name ?? name)} version={runVersion} doc={d.doc} onClose={() => setRunVersion(null)} /> : null}
    </div>
  );
}
