/**
 * Property-based fuzzing of the DSL front end (src/dsl): parse + validate random text, mutated spec
 * examples and structured task lists. Properties: parsing and validation never throw (only
 * `loadWorkflow` throws, and only a coded DslError), each case stays within CASE_MS, and the result is
 * deterministic (the same text gives the same problems and document twice).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { DslError, loadWorkflow, parseDocument, validateDocument, validateText } from '../../src/dsl/index.js';
import { checkExpression } from '../../src/platform/index.js';
import { bounded, params, timeout } from './config.js';
import { mutatedText, taskList, workflowDocument } from './dsl-arbitraries.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const examplesDir = path.resolve(process.env.WEFT_CONFORMANCE_DIR ?? path.resolve(repoRoot, '../shared'), 'spec/examples');
const examples = existsSync(examplesDir) ? readdirSync(examplesDir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => readFileSync(path.join(examplesDir, f), 'utf8')) : [];

/** One full pass as `weft validate` and the API run it; returns a comparable summary. Throws what the module throws. */
function pass(text: string): string {
  const parsed = parseDocument(text);
  const validated = validateText(text, { checkExpression });
  let loaded: string;
  try {
    loadWorkflow(text, { checkExpression });
    loaded = 'valid';
  } catch (err) {
    // loadWorkflow's one coded error; anything else escapes the property.
    if (!(err instanceof DslError) || err.code !== 'WEFT_ERR_DSL_INVALID') throw err;
    loaded = err.problems.map((p) => p.code).join(',');
  }
  for (const p of validated.problems) expect(p.code).toMatch(/^WEFT_(ERR|WARN)_DSL_/);
  return JSON.stringify([parsed, validated.valid, validated.problems, loaded]);
}

/** The property: no throw, bounded, deterministic. */
function check(text: string): void {
  const first = bounded('parse + validate', () => pass(text));
  const second = bounded('parse + validate (again)', () => pass(text));
  expect(second).toBe(first);
}

describe('fuzz: DSL parser and validator', () => {
  it('arbitrary text (unicode, YAML-ish and JSON-ish)', () => {
    const yamlish = fc
      .array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('\n', '  ', '- ', ': ', '{', '}', '[', ']', ',', '&a ', '*a', '!!binary ', '? ', '|', '>', '"', "'", '#', '---', '...', '%YAML 1.2\n', '<<: *a', '__proto__: ', 'do:', 'document:', '${ . }')), { maxLength: 60 })
      .map((parts) => parts.join(''));
    const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 200 }), yamlish, fc.json().map((j) => j.slice(0, 2000)));
    fc.assert(fc.property(text, check), params(800));
  }, timeout(800, 2));

  it.skipIf(examples.length === 0)('mutated spec examples (text mutations)', () => {
    fc.assert(fc.property(mutatedText(examples), check), params(600));
  }, timeout(600, 5));

  it('structured documents with random task lists (as YAML, as JSON and as objects)', () => {
    fc.assert(
      fc.property(workflowDocument(taskList()), (doc) => {
        check(toYaml(doc));
        check(JSON.stringify(doc));
        const a = bounded('validateDocument', () => JSON.stringify(validateDocument(doc, { checkExpression })));
        expect(JSON.stringify(validateDocument(doc, { checkExpression }))).toBe(a);
      }),
      params(250),
    );
  }, timeout(250, 40));

  it.skipIf(examples.length === 0)('structured mutations: any node of a spec example replaced by arbitrary JSON', () => {
    const docs = examples.map((t) => parseDocument(t).document).filter((d) => d !== undefined);
    const replacement = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, '', 'exit', 'continue', 'end', '${ .a }', '${ ( }', [], {}, 0, -1, 1e308));
    fc.assert(
      fc.property(fc.constantFrom(...docs), fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: 4 }), (doc, edits) => {
        const copy = structuredClone(doc) as unknown;
        for (const [n, v] of edits) replaceNth(copy, n, v);
        check(JSON.stringify(copy));
        bounded('validateDocument', () => validateDocument(copy, { checkExpression }));
      }),
      params(400),
    );
  }, timeout(400, 10));
});

if (examples.length === 0) console.log(`fuzz: no spec examples under ${examplesDir} (set WEFT_CONFORMANCE_DIR); the text-mutation property is skipped`);

/** Replaces the n-th (mod count) object property or array element of `root`, in document order. */
function replaceNth(root: unknown, n: number, value: unknown): void {
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach((v, i) => (slots.push([node, i]), visit(v)));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        slots.push([node as Record<string, unknown>, k]);
        visit(v);
      }
    }
  };
  visit(root);
  if (slots.length === 0) return;
  const [parent, key] = slots[n % slots.length]!;
  (parent as Record<string | number, unknown>)[key] = value;
}
