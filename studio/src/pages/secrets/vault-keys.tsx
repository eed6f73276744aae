/** The master key ids a server with the vault on holds (`GET /api/v1/vault`): fingerprints, never keys. */
import type { VaultStatus } from './secret-types.js';

export function VaultKeys({ status }: { status: VaultStatus }): React.JSX.Element | null {
  if (!status.enabled || !status.masterKeyId) return null;
  return (
    <span data-testid="vault-keys" title="The fingerprint of the master key that wraps new versions' data keys, not the key">
      master key <code>{status.masterKeyId}</code>
      {status.previousMasterKeyId ? (
        <>
          {' '}
          (previous <code>{status.previousMasterKeyId}</code> still unwraps until <code>weft secrets rekey</code>)
        </>
      ) : null}
    </span>
  );
}
