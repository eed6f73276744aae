/**
 * `weft dev --dir`: project files (workflows, event types, subscriptions) are parsed within the same
 * bounds as documents sent to the API, and a refused file is reported, not loaded.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startServer } from '../src/cli/server-command.js';
import { tempDb } from './gateway/support.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-project-'));
const { db, dispose } = tempDb();
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  dispose();
});

it('refuses hostile project files with the document bounds and loads the rest', async () => {
  writeFileSync(join(dir, 'ok.event-type.yaml'), 'type: com.example.Ok\nschema: {type: object}\n');
  writeFileSync(join(dir, 'proto.event-type.yaml'), 'type: com.example.Proto\nschema:\n  __proto__: {polluted: true}\n');
  writeFileSync(join(dir, 'binary.event-type.yaml'), 'type: com.example.Bin\nschema: !!binary aGVsbG8=\n');
  writeFileSync(join(dir, 'wide.yaml'), 'document: {dsl: 1.0.0, namespace: p, name: wide, version: 1.0.0}\ndo: []\nx:\n' + Array.from({ length: 6_000 }, (_, i) => `  k${i}: 1\n`).join(''));
  writeFileSync(join(dir, 'huge.json'), JSON.stringify({ pad: 'x'.repeat(1_100_000) }));
  const lines: string[] = [];
  const server = await startServer({ mode: 'dev', port: 0, db, dir, env: { WEFT_LOG_LEVEL: 'silent' }, watch: false }, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  try {
    const text = lines.join('\n');
    expect(text).toMatch(/\+ event type com\.example\.Ok/);
    expect(text).toMatch(/✗ event type proto\.event-type\.yaml: \/schema\/__proto__: document refused \(.*proto\.event-type\.yaml:3:3\): the key "__proto__" is not accepted/);
    expect(text).toMatch(/✗ event type binary\.event-type\.yaml: document refused \(.*binary\.event-type\.yaml:2:9\): YAML tags are not accepted \(!!binary\)/);
    expect(text).toMatch(/✗ workflow wide\.yaml: .*more than 5000 lines/);
    expect(text).toMatch(/✗ workflow huge\.json: .*over the 1048576-byte bound for documents/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  } finally {
    await server.stop();
  }
});
