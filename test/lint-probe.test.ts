/**
 * The lint probe: proves each design guard in eslint.config.js can fail (and does not fire where the
 * design allows the same code), so a rule that silently stops matching — a renamed folder, a resolver
 * that no longer resolves — turns this test red instead of letting the design erode.
 *
 * Most cases lint text *as if* it were at a path in this tree (ESLint's lintText with a filePath), so
 * nothing is written into src/ where a parallel `eslint .` or tsc would see it. A cycle needs two real
 * files that import each other, so that case writes a tiny src/ layout into a temp directory and lints
 * it with this repository's config.
 */
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const configFile = join(root, 'eslint.config.js');

// Linting a file that imports deep into the tree parses the whole import graph once (for no-cycle);
// on a loaded machine that takes several seconds.
const slow = { timeout: 120_000 };

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rules that fire on `code` linted as if it were the file at `path` (relative to the repo root). */
async function rulesFiredAt(path: string, code: string): Promise<string[]> {
  const filePath = join(root, path);
  // An ignored path would lint to nothing and make every "fails" case below meaningless.
  expect(await eslint.isPathIgnored(filePath)).toBe(false);
  const [result] = await eslint.lintText(code, { filePath, warnIgnored: true });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('lint probe: the pure rooms use no Node built-ins and no host clock, randomness or timers', slow, () => {
  const nodeImports = [
    "import fs from 'node:fs';\nexport const read = fs.readFileSync;\n",
    "import { readFileSync } from 'fs';\nexport const read = readFileSync;\n",
    "import { Worker } from 'node:worker_threads';\nexport const W = Worker;\n",
    "import { randomUUID } from 'crypto';\nexport const id = randomUUID;\n",
  ];
  for (const code of nodeImports) {
    it(`fails in the engine core, passes in an adapter: ${code.split('\n')[0]}`, async () => {
      expect(await rulesFiredAt('src/engine/core/__probe__.ts', code)).toContain('no-restricted-imports');
      expect(await rulesFiredAt('src/store/__probe__.ts', code)).toEqual([]);
    });
  }

  it('covers every pure room: engine/core, dsl, expr, shared, contracts', async () => {
    const code = "import path from 'node:path';\nexport const join = path.join;\n";
    for (const room of ['src/engine/core/tasks', 'src/dsl', 'src/expr', 'src/shared', 'src/contracts']) {
      expect(await rulesFiredAt(`${room}/__probe__.ts`, code), room).toContain('no-restricted-imports');
    }
  });

  const hostFacilities: Array<[string, string]> = [
    ['export const t = Date.now();\n', 'no-restricted-properties'],
    ['export const r = Math.random();\n', 'no-restricted-properties'],
    ['export const d = new Date();\n', 'no-restricted-syntax'],
    ['export const s = Date();\n', 'no-restricted-syntax'],
    ['export const h = setTimeout(() => {}, 1);\n', 'no-restricted-globals'],
    ['export const h = setInterval(() => {}, 1);\n', 'no-restricted-globals'],
    ['setImmediate(() => {});\n', 'no-restricted-globals'],
    ['queueMicrotask(() => {});\n', 'no-restricted-globals'],
    ['export const e = process.env;\n', 'no-restricted-globals'],
    ['export const p = performance.now();\n', 'no-restricted-globals'],
    ["export const m = import('node:fs');\n", 'no-restricted-syntax'],
  ];
  for (const [code, rule] of hostFacilities) {
    it(`fails in the engine core, passes in the runtime: ${code.trim()}`, async () => {
      expect(await rulesFiredAt('src/engine/core/__probe__.ts', code)).toContain(rule);
      expect(await rulesFiredAt('src/engine/runtime/__probe__.ts', code)).toEqual([]);
    });
  }

  it('lets the pure rooms handle dates they are given', async () => {
    const code = 'export const at = (ms: number): string => new Date(ms).toISOString();\nexport const ms = Date.parse;\n';
    expect(await rulesFiredAt('src/engine/core/__probe__.ts', code)).toEqual([]);
  });

  it('exempts unit tests of the pure rooms', async () => {
    expect(await rulesFiredAt('src/engine/core/__probe__.test.ts', 'export const t = Date.now();\n')).toEqual([]);
  });
});

describe('lint probe: the dependency direction (DESIGN.md §2)', slow, () => {
  it('fails when the gateway imports the engine runtime, passes when it imports the platform', async () => {
    // The imported file must exist: the boundaries rules ignore an import they cannot resolve.
    expect(existsSync(join(root, 'src/engine/runtime/engine.ts'))).toBe(true);
    const runtime = "import { Engine } from '../engine/runtime/engine.js';\nexport const R = Engine;\n";
    expect(await rulesFiredAt('src/gateway/__probe__.ts', runtime)).toContain('boundaries/element-types');
    const engine = "import * as engine from '../engine/index.js';\nexport const E = engine;\n";
    expect(await rulesFiredAt('src/gateway/__probe__.ts', engine)).toContain('boundaries/element-types');
    const store = "import * as store from '../store/index.js';\nexport const S = store;\n";
    expect(await rulesFiredAt('src/gateway/__probe__.ts', store)).toContain('boundaries/element-types');
    const platform = "import * as platform from '../platform/index.js';\nexport const P = platform;\n";
    expect(await rulesFiredAt('src/gateway/__probe__.ts', platform)).toEqual([]);
  });

  it('fails when the engine core imports the runtime or ports, passes when it imports dsl', async () => {
    const runtime = "import * as pacing from '../runtime/pacing.js';\nexport const P = pacing;\n";
    expect(await rulesFiredAt('src/engine/core/__probe__.ts', runtime)).toContain('boundaries/element-types');
    const ports = "import * as ports from '../../ports/index.js';\nexport const P = ports;\n";
    expect(await rulesFiredAt('src/engine/core/__probe__.ts', ports)).toContain('boundaries/element-types');
    const dsl = "import * as dsl from '../../dsl/index.js';\nexport const D = dsl;\n";
    expect(await rulesFiredAt('src/engine/core/__probe__.ts', dsl)).toEqual([]);
  });

  it('keeps the libraries and the studio off the engine', async () => {
    const engine = "import * as engine from '../engine/index.js';\nexport const E = engine;\n";
    expect(await rulesFiredAt('src/expr/__probe__.ts', engine)).toContain('boundaries/element-types');
    const studioEngine = "import * as engine from '../../src/engine/index.js';\nexport const E = engine;\n";
    expect(await rulesFiredAt('studio/src/__probe__.ts', studioEngine)).toContain('boundaries/element-types');
    const studioContracts = "import * as contracts from '../../src/contracts/index.js';\nexport const C = contracts;\n";
    expect(await rulesFiredAt('studio/src/__probe__.ts', studioContracts)).toEqual([]);
  });
});

describe('lint probe: across modules only through index.ts', slow, () => {
  it('fails on a deep import into another module, passes through its index.ts', async () => {
    const deep = "import * as runs from '../platform/runs.js';\nexport const R = runs;\n";
    expect(await rulesFiredAt('src/gateway/__probe__.ts', deep)).toContain('boundaries/entry-point');
    const deepShared = "import * as d from '../../shared/durations.js';\nexport const D = d;\n";
    expect(await rulesFiredAt('src/engine/core/__probe__.ts', deepShared)).toContain('boundaries/entry-point');
    const surface = "import * as shared from '../../shared/index.js';\nexport const S = shared;\n";
    expect(await rulesFiredAt('src/engine/core/__probe__.ts', surface)).toEqual([]);
  });

  it('lets a module reach its own files, and the engine runtime reach the core', async () => {
    const own = "import * as routes from './routes/runs.js';\nexport const R = routes;\n";
    expect(await rulesFiredAt('src/gateway/__probe__.ts', own)).toEqual([]);
    const core = "import * as machine from '../core/machine.js';\nexport const M = machine;\n";
    expect(await rulesFiredAt('src/engine/runtime/__probe__.ts', core)).toEqual([]);
  });

  it('fails when another module reaches past the engine surface, and lets tests deep-import', async () => {
    const deep = "import * as machine from '../engine/core/machine.js';\nexport const M = machine;\n";
    expect(await rulesFiredAt('src/platform/__probe__.ts', deep)).toContain('boundaries/entry-point');
    expect(await rulesFiredAt('src/platform/__probe__.test.ts', deep)).not.toContain('boundaries/entry-point');
  });
});

describe('lint probe: no import cycles', slow, () => {
  /**
   * Lints a temp copy of a minimal src/ layout with this repository's config; returns rules per file.
   * The config's patterns are relative to the cwd, so the probe's file names must stay clear of the
   * config's per-file exceptions (the known-debt list).
   */
  async function lintLayout(files: Record<string, string>): Promise<Record<string, string[]>> {
    const dir = mkdtempSync(join(tmpdir(), 'weft-lint-probe-'));
    try {
      for (const [path, code] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), code);
      }
      const probe = new ESLint({ cwd: dir, overrideConfigFile: configFile });
      const results = await probe.lintFiles(Object.keys(files));
      expect(results.map((r) => r.filePath).sort()).toEqual(Object.keys(files).map((p) => join(dir, p)).sort());
      return Object.fromEntries(results.map((r) => [r.filePath.slice(dir.length + 1), r.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`)]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('fails when two files import each other', async () => {
    const fired = await lintLayout({
      'src/engine/core/a.ts': "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n",
      'src/engine/core/b.ts': "import { a } from './a.js';\nexport const b = (): number => (a.length > 0 ? 1 : 0);\n",
    });
    expect(fired['src/engine/core/a.ts']).toContain('import-x/no-cycle');
    expect(fired['src/engine/core/b.ts']).toContain('import-x/no-cycle');
  });

  it('fails on a longer loop across folders', async () => {
    const fired = await lintLayout({
      'src/engine/core/probe-runner.ts': "import { STEPS } from './probe-steps/index.js';\nexport const run = (): number => STEPS.length;\n",
      'src/engine/core/probe-steps/index.ts': "import { step } from './step.js';\nexport const STEPS = [step];\n",
      'src/engine/core/probe-steps/step.ts': "import { run } from '../probe-runner.js';\nexport const step = (): number => run();\n",
    });
    for (const file of Object.keys(fired)) expect(fired[file], file).toContain('import-x/no-cycle');
  });

  it('passes when the imports go one way, or back only for types', async () => {
    const fired = await lintLayout({
      'src/engine/core/a.ts': "import { b } from './b.js';\nexport type A = number;\nexport const a = (): number => b() + 1;\n",
      'src/engine/core/b.ts': "import type { A } from './a.js';\nexport const b = (): A => 1;\n",
    });
    expect(fired).toEqual({ 'src/engine/core/a.ts': [], 'src/engine/core/b.ts': [] });
  });
});
