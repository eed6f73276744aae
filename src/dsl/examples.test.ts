/**
 * Every example shipped with the spec is a valid document: no errors, and warnings only for the
 * features Weft does not run yet — as YAML and as the equivalent JSON.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { WORKFLOW_SCHEMA } from './schema/workflow-schema.js';
import { validateText } from './validate.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The conformance kit (WEFT_CONFORMANCE_DIR, default ../shared): absent in a fresh clone, where these suites
// are skipped (test/global-setup.ts prints one line); CI sets it and requires it.
const kit = path.resolve(process.env.WEFT_CONFORMANCE_DIR ?? path.resolve(repoRoot, '../shared'));
const examplesDir = path.join(kit, 'spec/examples');

/** A stand-in for the jq compiler (src/dsl may not import src/expr): accepts anything, records what it saw. */
function recorder(): { seen: string[]; check: (src: string) => null } {
  const seen: string[] = [];
  return { seen, check: (src) => (seen.push(src), null) };
}

const UNSUPPORTED: Record<string, string> = {
  'call-asyncapi-publish.yaml': '/do/0/findPet/call',
  'call-asyncapi-subscribe-consume-amount.yaml': '/do/0/getNotifications/call',
  'call-asyncapi-subscribe-consume-forever-foreach.yaml': '/do/0/getNotifications/call',
  'call-asyncapi-subscribe-consume-until.yaml': '/do/0/getNotifications/call',
  'call-asyncapi-subscribe-consume-while.yaml': '/do/0/getNotifications/call',
  'call-grpc.yaml': '/do/0/greet/call',
  'call-mcp.yaml': '/do/0/publishMessageToSlack/call',
  'run-container-cleanup-always.yaml': '/do/0/runContainer/run/container',
  'run-container-cleanup-eventually.yaml': '/do/0/runContainer/run/container',
  'run-container-stdin-and-arguments.yaml': '/do/1/runContainer/run/container',
  'run-container-with-name.yaml': '/do/0/runContainer/run/container',
  'run-container-with-pull-policy.yaml': '/do/0/runContainer/run/container',
  'run-container.yaml': '/do/0/runContainer/run/container',
  'run-return-all.yaml': '/do/0/runContainer/run/container',
  'run-return-code.yaml': '/do/0/runContainer/run/container',
  'run-return-none.yaml': '/do/0/runContainer/run/container',
  'run-return-stderr.yaml': '/do/0/runContainer/run/container',
  'run-shell-stdin-and-arguments.yaml': '/do/1/runShell/run/shell',
};

describe.skipIf(!existsSync(kit))('the shipped schema', () => {
  it('is the spec’s workflow.yaml (re-run src/dsl/schema/generate.mjs when this fails)', () => {
    const spec = parse(readFileSync(path.join(kit, 'spec/workflow.yaml'), 'utf8'));
    expect(WORKFLOW_SCHEMA).toEqual(spec);
  });
});

describe.skipIf(!existsSync(kit))('the spec examples', () => {
  it('are present beside the checkout', () => {
    expect(existsSync(examplesDir), `${examplesDir} is missing: the spec must be checked out beside the repository`).toBe(true);
    expect(readdirSync(examplesDir).filter((f) => f.endsWith('.yaml'))).toHaveLength(66);
  });

  const files = existsSync(examplesDir) ? readdirSync(examplesDir).filter((f) => f.endsWith('.yaml')).sort() : [];

  it.each(files)('%s is valid', (file) => {
    const text = readFileSync(path.join(examplesDir, file), 'utf8');
    const { check } = recorder();
    const result = validateText(text, { filename: file, checkExpression: check });
    expect(result.problems.map((p) => `${p.pointer} ${p.code}`)).toEqual(UNSUPPORTED[file] ? [`${UNSUPPORTED[file]} WEFT_WARN_DSL_UNSUPPORTED`] : []);
    expect(result.valid).toBe(true);
    expect(result.workflow).toBe(result.document);
  });

  it.each(files)('%s is valid as JSON too', (file) => {
    const yamlRun = recorder();
    const yamlResult = validateText(readFileSync(path.join(examplesDir, file), 'utf8'), { checkExpression: yamlRun.check });
    const jsonRun = recorder();
    const result = validateText(JSON.stringify(yamlResult.document, null, 2), { checkExpression: jsonRun.check });
    expect(result.document).toEqual(yamlResult.document);
    expect(result.problems).toEqual(yamlResult.problems);
    expect(jsonRun.seen).toEqual(yamlRun.seen);
  });

  it('hand every runtime expression to the checker, unwrapped', () => {
    const all = recorder();
    for (const file of files) validateText(readFileSync(path.join(examplesDir, file), 'utf8'), { checkExpression: all.check });
    expect(all.seen).toHaveLength(67);
    expect(all.seen).toContain('.customer.age < 18'); // a bare `if`
    expect(all.seen).toContain('( . | length ) > 3'); // a bare `listen.to.until`
    expect(all.seen).toContain('$context + { error: $error }'); // a bare `export.as`
    expect(all.seen).toContain('"https://petstore.swagger.io/v2/pet/\\(.petId)"'); // `${ }` unwrapped
    expect(all.seen.some((s) => s.includes('${'))).toBe(false);
  });
});
