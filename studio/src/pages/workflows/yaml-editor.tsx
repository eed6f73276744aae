/**
 * The YAML tab: CodeMirror 6 with YAML highlighting and a lint gutter for parse errors. It is controlled
 * loosely: the user's typing flows out through `onChange`; a new `value` from outside (a graph edit)
 * replaces the text only when it differs, so the cursor is not disturbed by the echo of its own edits.
 * CodeMirror keeps its own undo history of the typing (Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z or +Y while the
 * editor has the focus; the designer's window-level shortcuts skip editable targets). A text arriving
 * from outside (a graph edit, the designer's own Undo/Redo buttons) is not recorded there: undoing it is
 * the designer's business, and every change typed here reaches the designer's history through onChange.
 */
import { useEffect, useRef } from 'react';
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { EditorState, Transaction } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
// The `codemirror` package installed here is the legacy CodeMirror 5, so there is no `basicSetup` bundle
// to take these from.
import { defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint';
import { parseDocument } from 'yaml';

const yamlLinter = linter((view) => {
  const doc = parseDocument(view.state.doc.toString());
  return doc.errors.map((e): Diagnostic => {
    const [from, to] = e.pos;
    const max = view.state.doc.length;
    return { from: Math.min(from, max), to: Math.min(Math.max(to, from), max), severity: 'error', message: e.message };
  });
});

export function YamlEditor({ value, onChange, label }: { value: string; onChange(text: string): void; label: string }): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current as HTMLDivElement,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          drawSelection(),
          highlightActiveLine(),
          indentOnInput(),
          syntaxHighlighting(defaultHighlightStyle),
          EditorState.tabSize.of(2),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          yaml(),
          lintGutter(),
          yamlLinter,
          EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': 'yaml-editor' }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // Created once (empty deps); later values arrive through the effect below.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value }, annotations: Transaction.addToHistory.of(false) });
    }
  }, [value]);

  return <div className="yaml-editor" ref={host} />;
}
