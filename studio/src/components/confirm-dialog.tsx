/**
 * A modal confirmation: a title, what will happen, optional fields, the problem of a refused attempt, and
 * a confirm / Cancel toolbar (Escape cancels; Cancel has the focus, so Enter never confirms by accident).
 * Deleting a secret, redriving and rerunning a run use it.
 */
import { type ReactNode, useId } from 'react';

export interface ConfirmDialogProps {
  title: ReactNode;
  /** What confirming does (the dialog's description). */
  text: ReactNode;
  /** Fields between the text and the toolbar (an input patch, say). */
  children?: ReactNode;
  /** The refused attempt's problem, shown above the toolbar. */
  problem?: ReactNode;
  confirm: { label: string; busyLabel: string; className: 'primary' | 'danger-solid'; disabled?: boolean };
  busy: boolean;
  className?: string;
  onConfirm(): void;
  onClose(): void;
}

export function ConfirmDialog(p: ConfirmDialogProps): React.JSX.Element {
  const id = useId();
  return (
    <div role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`} className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && p.onClose()}>
      <div className={p.className ? `dialog ${p.className}` : 'dialog'}>
        <h2 id={`${id}-title`}>{p.title}</h2>
        <p id={`${id}-text`}>{p.text}</p>
        {p.children}
        {p.problem}
        <div className="toolbar">
          <button type="button" className={p.confirm.className} disabled={p.busy || p.confirm.disabled === true} onClick={p.onConfirm}>
            {p.busy ? p.confirm.busyLabel : p.confirm.label}
          </button>
          <button type="button" autoFocus onClick={p.onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
