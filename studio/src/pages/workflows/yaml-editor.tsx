/**
 * The YAML tab: CodeMirror 6 with YAML highlighting and a lint gutter for parse errors. It is controlled
 * loosely: the user's typing flows out through `onChange`; a new `value` from outside (a graph edit)
 * replaces the text only when it differs, so the cursor is not disturbed by the echo of its own edits.
 * CodeMirror keeps its own undo history of the typing (Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z or +Y while the
 * editor has the focus; the designer's window-level shortcuts skip editable targets). A text arriving
 * from outside (a graph edit, the designer's own Undo/Redo buttons) is not recorded there: undoing it is
 * the designer's business, and every change typed here reaches the designer's history through onChange.
 */
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { EditorState } from '@codemirror/state';
import { defaultKeymap, historyKeymap, indentWithTab } from '@codemirror/commands';
// The `codemirror` package installed here is the legacy CodeMirror 5, so there is no `basicSetup` bundle
// to take these from.
import { defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint';
import { parseDocument } from 'yaml';
import { useCodeMirror } from '../../components/use-code-mirror.js';

const yamlLinter = linter((view) => {
  const doc = parseDocument(view.state.doc.toString());
  return doc.errors.map((e): Diagnostic => {
    const [from, to] = e.pos;
    const max = view.state.doc.length;
    return { from: Math.min(from, max), to: Math.min(Math.max(to, from), max), severity: 'error', message: e.message };
  });
});

export function YamlEditor({ value, onChange, label }: { value: string; onChange(text: string): void; label: string }): React.JSX.Element {
  // Created once; later values arrive from outside (graph edits) through useCodeMirror.
  const host = useCodeMirror({
    value,
    onChange,
    extensions: [
      lineNumbers(),
      drawSelection(),
      highlightActiveLine(),
      indentOnInput(),
      syntaxHighlighting(defaultHighlightStyle),
      EditorState.tabSize.of(2),
      keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
      yaml(),
      lintGutter(),
      yamlLinter,
      EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': 'yaml-editor' }),
    ],
  });
  return <div className="yaml-editor" ref={host} />;
}
