/** What a secret panel's last action came to: its notice (a status line), or the vault's problem. */
import { VaultProblem } from './vault-problem.js';

export function PanelOutcome({ notice, error }: { notice: string | null; error: unknown }): React.JSX.Element {
  return (
    <>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {error ? <VaultProblem error={error} /> : null}
    </>
  );
}
