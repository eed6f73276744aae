/**
 * The designer's state: the DSL document (source of truth), its YAML text, the graph derived from it,
 * the selection and the problems to draw on nodes. Edits from either side stay in sync: a graph edit
 * (an operation of the model) replaces the document and re-prints the YAML; a YAML edit re-parses and,
 * when it parses to a document, replaces it — the text is kept as typed, so nothing the user wrote
 * (comments, key order) is rewritten under their cursor. Every change can be undone: the operations are
 * pure, so the history is simply the earlier documents (with their YAML text).
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { parse, stringify } from 'yaml';
import { type Document, StudioModelError, type WorkflowGraph, toGraph } from '../../model/index.js';
import { localProblems } from './validation.js';

export interface DesignerState {
  doc: Document;
  yaml: string;
  graph: WorkflowGraph;
  /** YAML that does not parse (or is not a mapping): the graph shows the last good document. */
  yamlError: string | null;
  selected: string | null;
  /** Task pointer → message (local checks, then the server's problems from the last save). */
  errors: Record<string, string>;
  /** The last edit the model refused (a name taken, …). */
  editError: string | null;
}

export interface Designer extends DesignerState {
  /** Applies a model operation; a refused one becomes `editError`, the document unchanged. */
  edit(op: (doc: Document) => Document, select?: (doc: Document) => string | null): void;
  setYaml(text: string): void;
  select(pointer: string | null): void;
  setServerErrors(errors: Record<string, string>): void;
  reset(doc: Document, yaml?: string): void;
  canUndo: boolean;
  canRedo: boolean;
  undo(): void;
  redo(): void;
}

interface Snapshot {
  doc: Document;
  yaml: string;
}

/** Enough to walk back through a session; older states are dropped. */
const HISTORY_LIMIT = 200;
/** YAML typing within this long of the last recorded state is one undo step, not one per key. */
const TYPING_COALESCE_MS = 1000;

export function printYaml(doc: Document): string {
  return stringify(doc, { lineWidth: 0 });
}

export function useDesigner(initial: Document, initialYaml?: string): Designer {
  const [doc, setDoc] = useState<Document>(initial);
  const [yaml, setYamlText] = useState(() => initialYaml ?? printYaml(initial));
  const [yamlError, setYamlError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [editError, setEditError] = useState<string | null>(null);
  const [past, setPast] = useState<Snapshot[]>([]);
  const [future, setFuture] = useState<Snapshot[]>([]);
  const lastTyping = useRef(0);
  const record = useCallback((snapshot: Snapshot) => {
    setPast((p) => [...p.slice(-(HISTORY_LIMIT - 1)), snapshot]);
    setFuture([]);
  }, []);

  const graph = useMemo(() => toGraph(doc), [doc]);
  const errors = useMemo(() => ({ ...localProblems(graph), ...serverErrors }), [graph, serverErrors]);

  const replace = useCallback((next: Document) => {
    setDoc(next);
    // Problems the server reported are for the document it saw; pointers may now name other tasks.
    setServerErrors({});
  }, []);

  const edit = useCallback(
    (op: (d: Document) => Document, select?: (d: Document) => string | null) => {
      try {
        const next = op(doc);
        record({ doc, yaml });
        lastTyping.current = 0;
        replace(next);
        setYamlText(printYaml(next));
        setYamlError(null);
        setEditError(null);
        if (select) setSelected(select(next));
      } catch (err) {
        if (err instanceof StudioModelError) setEditError(err.message);
        else throw err;
      }
    },
    [doc, yaml, replace, record],
  );

  const setYaml = useCallback(
    (text: string) => {
      setYamlText(text);
      let parsed: unknown;
      try {
        parsed = parse(text);
      } catch (err) {
        setYamlError(err instanceof Error ? err.message : String(err));
        return;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        setYamlError('a workflow is a YAML mapping (document:, do:, …)');
        return;
      }
      setYamlError(null);
      const now = Date.now();
      if (now - lastTyping.current > TYPING_COALESCE_MS) record({ doc, yaml });
      lastTyping.current = now;
      replace(parsed as Document);
    },
    [doc, yaml, replace, record],
  );

  const restore = useCallback(
    (from: Snapshot[], setFrom: (s: Snapshot[]) => void, setTo: (f: (s: Snapshot[]) => Snapshot[]) => void) => {
      const target = from[from.length - 1];
      if (!target) return;
      setFrom(from.slice(0, -1));
      setTo((to) => [...to, { doc, yaml }]);
      lastTyping.current = 0;
      replace(target.doc);
      setYamlText(target.yaml);
      setYamlError(null);
      setEditError(null);
    },
    [doc, yaml, replace],
  );
  const undo = useCallback(() => restore(past, setPast, setFuture), [restore, past]);
  const redo = useCallback(() => restore(future, setFuture, setPast), [restore, future]);

  const reset = useCallback((next: Document, text?: string) => {
    setDoc(next);
    setYamlText(text ?? printYaml(next));
    setYamlError(null);
    setSelected(null);
    setServerErrors({});
    setEditError(null);
    setPast([]);
    setFuture([]);
  }, []);

  // The selection follows the graph: a pointer that no longer names a task is dropped.
  const selectedNow = selected !== null && graph.nodes.some((n) => n.id === selected) ? selected : null;

  return {
    doc, yaml, graph, yamlError, selected: selectedNow, errors, editError, edit, setYaml, select: setSelected, setServerErrors, reset,
    canUndo: past.length > 0, canRedo: future.length > 0, undo, redo,
  };
}
