/**
 * A problem from the vault's routes. A server without a master key (503 WEFT_ERR_VAULT_NO_MASTER_KEY)
 * gets a notice that says what to do; anything else is the studio's ProblemMessage.
 */
import { ProblemMessage, problemText } from '../../components/problem-message.js';
import { isVaultOff } from './secret-types.js';

export function VaultProblem({ error }: { error: unknown }): React.JSX.Element {
  if (!isVaultOff(error)) return <ProblemMessage error={error} />;
  return (
    <div className="vault-off" role="alert" data-testid="vault-off">
      <strong>The secret vault is not configured on this server.</strong> It has no master key, so it cannot store secrets. An operator makes
      one with <code>weft secrets keygen</code>, sets it as <code>WEFT_MASTER_KEY</code> (or points <code>WEFT_MASTER_KEY_FILE</code> at a file
      holding it) on every node and restarts <code>weft serve</code>. <code>weft dev</code> makes a development key by itself. Environment
      secrets (<code>WEFT_SECRET_&lt;NAME&gt;</code>) work without the vault.
      <div className="muted">{problemText(error)}</div>
    </div>
  );
}
