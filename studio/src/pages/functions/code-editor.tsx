/**
 * A CodeMirror 6 editor of a function's TypeScript source. CodeMirror owns the document while typing
 * (re-rendering React on every key would be wasteful), reports changes through `onChange`, and takes a
 * new `value` from outside only when it differs from what it holds (e.g. another version was opened).
 * Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or +Y) undo and redo typing; a value from outside is not an undo step.
 * Tab indents (indentWithTab); Escape then Tab moves the focus on, as CodeMirror documents.
 */
import { useEffect, useRef } from 'react';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { javascript } from '@codemirror/lang-javascript';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState, Transaction } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers } from '@codemirror/view';

export function CodeEditor({ value, onChange, label }: { value: string; onChange(text: string): void; label: string }): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current as HTMLDivElement,
      state: EditorState.create({
        doc: value,
        extensions: [
          // CodeMirror's basic setup (the `codemirror` package here is the legacy CodeMirror 5, so there is
          // no `basicSetup` bundle to take it from), with undo history and the default command keymap.
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          drawSelection(),
          highlightActiveLine(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          autocompletion(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          history(),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
          javascript({ typescript: true }),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // Created once per label; `value` updates arrive through the effect below.
  }, [label]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value }, annotations: Transaction.addToHistory.of(false) });
    }
  }, [value]);

  return <div className="code-editor" ref={host} data-testid="code-editor" />;
}
