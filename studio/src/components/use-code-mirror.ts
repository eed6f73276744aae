/**
 * A CodeMirror 6 view owned by a React component, loosely controlled: CodeMirror owns the document while
 * the user types (re-rendering React on every key would be wasteful) and reports changes through
 * `onChange`; a new `value` from outside replaces the text only when it differs (so the echo of the
 * user's own edit never moves the cursor) and is not an undo step — undo history (`history()`, added
 * here) holds the typing only. The view is created once per `recreateOn`; `extensions` are read then.
 */
import { useEffect, useRef } from 'react';
import { history } from '@codemirror/commands';
import { EditorState, type Extension, Transaction } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

export function useCodeMirror(o: { value: string; onChange(text: string): void; extensions: Extension[]; recreateOn?: unknown }): React.RefObject<HTMLDivElement | null> {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(o.onChange);
  changed.current = o.onChange;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current as HTMLDivElement,
      state: EditorState.create({
        doc: o.value,
        extensions: [
          history(),
          ...o.extensions,
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
    // Later values arrive through the effect below; the view is rebuilt only when `recreateOn` changes.
  }, [o.recreateOn]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== o.value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: o.value }, annotations: Transaction.addToHistory.of(false) });
    }
  }, [o.value]);

  return host;
}
