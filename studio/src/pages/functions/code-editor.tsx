/**
 * A CodeMirror 6 editor of a function's TypeScript source (loosely controlled: see use-code-mirror.ts;
 * a new `value` from outside is e.g. another version opened). Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or +Y) undo and redo typing; a value from outside is not an undo step.
 * Tab indents (indentWithTab); Escape then Tab moves the focus on, as CodeMirror documents.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { javascript } from '@codemirror/lang-javascript';
import { defaultKeymap, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers } from '@codemirror/view';
import { useCodeMirror } from '../../components/use-code-mirror.js';

export function CodeEditor({ value, onChange, label }: { value: string; onChange(text: string): void; label: string }): React.JSX.Element {
  const host = useCodeMirror({
    value,
    onChange,
    recreateOn: label,
    extensions: [
      // CodeMirror's basic setup (the `codemirror` package here is the legacy CodeMirror 5, so there is
      // no `basicSetup` bundle to take it from), with the default command keymap.
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
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
      javascript({ typescript: true }),
      EditorView.contentAttributes.of({ 'aria-label': label }),
    ],
  });
  return <div className="code-editor" ref={host} data-testid="code-editor" />;
}
