/**
 * `GET /api/v1/vault` once per page: whether the server has a master key (and which). null while it is
 * asked, or when it cannot be (the pages then behave as if it were on: a write's 503 still says so).
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { VaultStatus } from './secret-types.js';

export function useVaultStatus(): VaultStatus | null {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    api<VaultStatus>('/api/v1/vault', { signal: ctl.signal }).then(setStatus, () => undefined);
    return () => ctl.abort();
  }, []);
  return status;
}
