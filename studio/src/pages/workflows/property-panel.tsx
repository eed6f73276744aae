/**
 * The property panel of the selected task: its name, then one field per property its kind's DSL schema
 * declares (the kind's own first, the common task properties under "More"). Nested task lists are
 * nodes of the graph, not fields: editing a field that holds one (`fork`, `catch`) keeps the list.
 */
import { useId, useMemo, useState } from 'react';
import { type Document, type GraphNode, type WorkflowGraph, moveTask, removeTask, renameTask, setProperty } from '../../model/index.js';
import { getAtTokens, parsePointer } from '../../model/pointer.js';
import { type JsonSchema, callTargets, propertiesOf, taskSchema } from '../../schema/task-schema.js';
import { SchemaField } from './schema-fields.js';

/** Properties every task has (taskBase): shown under "More", except the often-used `if` and `then`. */
const COMMON = new Set(['input', 'output', 'export', 'timeout', 'metadata']);
/** Shown by the graph as nodes, never as fields. */
const LIST_KEYS: Record<string, string[]> = { do: ['do'], for: ['do'], try: ['try'] };

export interface PropertyPanelProps {
  graph: WorkflowGraph;
  pointer: string;
  functions: string[];
  edit(op: (doc: Document) => Document, select?: (doc: Document) => string | null): void;
}

export function PropertyPanel({ graph, pointer, functions, edit }: PropertyPanelProps): React.JSX.Element | null {
  const node = graph.nodes.find((n) => n.id === pointer && n.type === 'task');
  if (!node || !node.kind || node.name === undefined) return null;
  return <TaskProperties key={pointer} node={node} graph={graph} functions={functions} edit={edit} />;
}

function TaskProperties({ node, graph, functions, edit }: { node: GraphNode; graph: WorkflowGraph; functions: string[]; edit: PropertyPanelProps['edit'] }): React.JSX.Element {
  const task = node.task ?? {};
  const kind = node.kind ?? 'unknown';
  const schema = useMemo(() => taskSchema(kind, task), [kind, task]);
  const { properties, required } = useMemo(() => propertiesOf(schema ?? {}), [schema]);
  const hidden = new Set(LIST_KEYS[kind] ?? []);
  const keys = Object.keys(properties).filter((k) => !hidden.has(k));
  const main = keys.filter((k) => !COMMON.has(k)).sort((a, b) => rank(a, kind) - rank(b, kind));
  const more = keys.filter((k) => COMMON.has(k));
  const pointer = node.id;
  const list = graph.lists.find((l) => l.id === node.list);
  const siblings = list?.items.length ?? 0;

  const commit = (key: string, value: unknown) =>
    edit((d) => setProperty(d, pointer, [key], value === undefined ? undefined : keepNestedLists(d, node, key, value)));
  const field = (key: string) => (
    <SchemaField
      key={key}
      name={key}
      schema={properties[key] as JsonSchema}
      value={task[key]}
      required={required.includes(key)}
      options={key === 'call' && kind === 'call' ? [...callTargets(), ...functions] : undefined}
      onCommit={(v) => commit(key, v)}
    />
  );

  return (
    <form aria-label={`Properties of ${node.name}`} onSubmit={(e) => e.preventDefault()}>
      <h2>
        {kind} task
      </h2>
      <NameField name={node.name ?? ''} onRename={(name) => edit((d) => renameTask(d, pointer, name), () => pointer.replace(/[^/]+$/, name.replace(/~/g, '~0').replace(/\//g, '~1')))} />
      {main.map(field)}
      <details>
        <summary>More (input, output, export, timeout, metadata)</summary>
        {more.map(field)}
      </details>
      <div className="toolbar" style={{ marginTop: 8 }}>
        <button type="button" disabled={node.index === 0} onClick={() => edit((d) => moveTask(d, pointer, node.list, (node.index ?? 0) - 1), () => null)}>
          Move up
        </button>
        <button type="button" disabled={node.index === siblings - 1} onClick={() => edit((d) => moveTask(d, pointer, node.list, (node.index ?? 0) + 1), () => null)}>
          Move down
        </button>
        <button type="button" className="danger" onClick={() => edit((d) => removeTask(d, pointer), () => null)}>
          Delete task
        </button>
      </div>
    </form>
  );
}

/** The kind's own key first, then `with`, then the rest alphabetically; `if` and `then` last. */
function rank(key: string, kind: string): number {
  if (key === kind) return 0;
  if (key === 'with') return 1;
  if (key === 'if') return 8;
  if (key === 'then') return 9;
  return 5;
}

function NameField({ name, onRename }: { name: string; onRename(name: string): void }): React.JSX.Element {
  const id = useId();
  const [text, setText] = useState(name);
  const commit = () => {
    if (text !== name && text.trim() !== '') onRename(text.trim());
  };
  return (
    <div className="field">
      <label htmlFor={id}>name *</label>
      <input id={id} name="task-name" value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
    </div>
  );
}

/**
 * A field like `fork` or `catch` is shown without its nested task list (that is drawn as nodes); a new
 * value for it gets the list back from the document, so editing `fork.compete` never drops the branches.
 */
function keepNestedLists(doc: Document, node: GraphNode, key: string, value: unknown): unknown {
  const prefix = `${node.id}/${key}/`;
  const inside = (node.childLists ?? []).filter((l) => l.startsWith(prefix));
  if (inside.length === 0 || typeof value !== 'object' || value === null) return value;
  const tokens = parsePointer(node.id) ?? [];
  const current = getAtTokens(doc, [...tokens, key]);
  const merged = structuredClone(value) as Record<string, unknown>;
  for (const l of inside) {
    const path = l.slice(prefix.length).split('/');
    let target = merged;
    let source = current as Record<string, unknown> | undefined;
    for (const k of path.slice(0, -1)) {
      target = (target[k] ??= {}) as Record<string, unknown>;
      source = source?.[k] as Record<string, unknown> | undefined;
    }
    const last = path[path.length - 1];
    if (source && last in source) target[last] = source[last];
  }
  return merged;
}
