import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { secretUsageStoreContract } from '../contracts/secret-usage-store-contract.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-secretusage-'));
  dirs.push(dir);
  return join(dir, 'weft.db');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const handle = (s: SqliteStore) => ({ store: s.secretUsage, close: () => s.close(), path: s.path });
secretUsageStoreContract('sqlite (temp file)', async () => handle(SqliteStore.open(tempPath())), {
  reopen: async (closed) => handle(SqliteStore.open((closed as ReturnType<typeof handle>).path)),
});
secretUsageStoreContract('sqlite (:memory:)', async () => handle(SqliteStore.open(':memory:')));
