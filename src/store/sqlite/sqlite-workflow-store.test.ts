import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { workflowRecord, workflowStoreContract } from '../contracts/workflow-store-contract.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-wfstore-'));
  dirs.push(dir);
  return join(dir, 'weft.db');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const handle = (s: SqliteStore) => ({ store: s.workflows, close: () => s.close(), path: s.path });
workflowStoreContract('sqlite (temp file)', async () => handle(SqliteStore.open(tempPath())), {
  reopen: async (closed) => handle(SqliteStore.open((closed as ReturnType<typeof handle>).path)),
});
workflowStoreContract('sqlite (:memory:)', async () => handle(SqliteStore.open(':memory:')));

const started = { kind: 'started', at: 1, input: null } as const;

describe('SqliteStore.workflows', () => {
  it('shares the group commit of the runs: a registration and run writes of one turn are one transaction', async () => {
    const store = SqliteStore.open(':memory:');
    const before = store.commits;
    await Promise.all([store.createRun(runRecord('r1'), started), store.workflows.put(workflowRecord('shop', 'order', '1.0.0'))]);
    expect(store.commits - before).toBe(1);
    await store.close();
  });

  it('get waits for a pending workflow write, but not for pending journal writes alone', async () => {
    const store = SqliteStore.open(':memory:');
    void store.workflows.put(workflowRecord('shop', 'order', '1.0.0'));
    expect((await store.workflows.get('shop', 'order'))?.version).toBe('1.0.0');
    const created = store.createRun(runRecord('r1'), started);
    const commits = store.commits;
    expect((await store.workflows.get('shop', 'order', '1.0.0'))?.version).toBe('1.0.0');
    // Read before the run's batch was flushed: the catalog read did not wait for it.
    expect(store.commits).toBe(commits);
    await created;
    await store.close();
  });

  it('is closed with its store', async () => {
    const store = SqliteStore.open(':memory:');
    await store.close();
    await expect(store.workflows.put(workflowRecord('shop', 'order', '1.0.0'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.workflows.get('shop', 'order')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.workflows.list()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
