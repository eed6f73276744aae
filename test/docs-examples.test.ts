/** Every workflow example in docs/ is a valid document (the pages teach what Weft accepts). */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDefinition } from '../src/platform/index.js';

const DOCS = resolve(__dirname, '../docs');

function workflowBlocks(page: string): string[] {
  return [...readFileSync(join(DOCS, page), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => /^document:/m.test(b));
}

describe('docs examples', () => {
  for (const page of readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
    const blocks = workflowBlocks(page);
    it.skipIf(blocks.length === 0)(`${page}: its ${blocks.length} workflow example(s) compile`, () => {
      for (const block of blocks) expect(() => compileDefinition(block, page)).not.toThrow();
    });
  }
});
