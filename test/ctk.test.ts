/**
 * Conformance: every scenario of the spec's CTK (../shared/ctk) and of our own features (test/ctk-extra)
 * runs against the engine. An unknown step fails the scenario.
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureFiles, parseFeature } from './ctk/load.js';
import { STEPS, type World } from './ctk/steps.js';

const SHARED = resolve(__dirname, '../../shared/ctk');
const EXTRA = resolve(__dirname, 'ctk-extra');

it('finds the shared CTK', () => {
  expect(existsSync(SHARED), `${SHARED} is missing`).toBe(true);
  expect(featureFiles(SHARED).length).toBeGreaterThan(0);
});

for (const file of [...featureFiles(SHARED), ...(existsSync(EXTRA) ? featureFiles(EXTRA) : [])]) {
  const doc = parseFeature(file);
  const feature = doc.feature!;
  describe(`${basename(file)}: ${feature.name}`, () => {
    for (const child of feature.children) {
      const scenario = child.scenario;
      if (!scenario) continue;
      it(scenario.name, async () => {
        const world: World = { input: {}, lifecycle: [] };
        for (const step of scenario.steps) {
          const text = step.text.trim();
          const match = STEPS.map((s) => ({ s, m: text.match(s.pattern) })).find((x) => x.m);
          if (!match) throw new Error(`no step matches: ${step.keyword}${text}`);
          await match.s.run(world, match.m!, step.docString?.content);
        }
      });
    }
  });
}
