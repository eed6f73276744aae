/**
 * The vault being off: said up front when `GET /api/v1/vault` answers `enabled: false` (VaultOffNotice),
 * and for a problem from the vault's routes — a server without a master key (503
 * WEFT_ERR_VAULT_NO_MASTER_KEY) gets the same notice with the problem under it; anything else is the
 * studio's ProblemMessage.
 */
import { ProblemMessage, problemText } from '../../components/problem-message.js';
import { isVaultOff } from './secret-types.js';

export function VaultProblem({ error }: { error: unknown }): React.JSX.Element {
  if (!isVaultOff(error)) return <ProblemMessage error={error} />;
  return <VaultOffNotice detail={problemText(error)} />;
}

/** What a server without a master key means and how an operator sets one; `detail`: the problem that said so. */
export function VaultOffNotice({ detail }: { detail?: string }): React.JSX.Element {
  return (
    <div className="vault-off" role="alert" data-testid="vault-off">
      <strong>The secret vault is not configured on this server.</strong> It has no master key, so it cannot store secrets. An operator makes
      one with <code>weft secrets keygen</code>, sets it as <code>WEFT_MASTER_KEY</code> (or points <code>WEFT_MASTER_KEY_FILE</code> at a file
      holding it) on every node and restarts <code>weft serve</code>. <code>weft dev</code> makes a development key by itself. Environment
      secrets (<code>WEFT_SECRET_&lt;NAME&gt;</code>) work without the vault.
      {detail ? <div className="muted">{detail}</div> : null}
    </div>
  );
}
