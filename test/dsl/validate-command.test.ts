/** `weft validate` (src/cli/validate-command.ts) with the real jq compiler, and the spec examples under it. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runValidate } from '../../src/cli/validate-command.js';
import { compile } from '../../src/expr/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const examplesDir = path.resolve(process.env.WEFT_CONFORMANCE_DIR ?? path.resolve(repoRoot, '../shared'), 'spec/examples');

/** The checker `weft validate` is wired with. */
function checkExpression(src: string): string | null {
  try {
    compile(src);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

const HEAD = "document: { dsl: '1.0.3', namespace: test, name: sample, version: '0.1.0' }\n";

function run(files: Record<string, string>, file: string, opts: { json?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const readFile = (p: string): string => {
    if (!(p in files)) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
    return files[p];
  };
  const code = runValidate(file, opts, { out: (l) => out.push(l), err: (l) => err.push(l) }, readFile, checkExpression);
  return { code, out, err };
}

describe('weft validate', () => {
  it('exits 0 on a valid document, warnings allowed', () => {
    const r = run({ 'ok.yaml': HEAD + 'do:\n  - sh: { run: { shell: { command: ls } } }\n' }, 'ok.yaml');
    expect(r).toEqual({ code: 0, out: ['/do/0/sh/run/shell: warning: run: shell is not supported yet', 'ok.yaml: valid (1 warning)'], err: [] });
  });

  it('prints every problem, in document order, and exits 1 on an invalid document', () => {
    const r = run({ 'bad.yaml': HEAD + "do:\n  - a: { if: '.x |', set: { y: 1 }, then: nowhere }\n  - b: { wait: soon }\n" }, 'bad.yaml');
    expect(r.code).toBe(1);
    expect(r.err).toEqual([]);
    expect(r.out).toEqual([
      '/do/0/a/if: error: invalid runtime expression: unexpected end of input at line 1, column 5',
      "/do/0/a/then: error: then: 'nowhere' is not a task of this list; expected continue, exit, end or one of: a, b",
      '/do/1/b/wait: error: must be a duration: an ISO 8601 string such as PT30S, a runtime expression, or an object of days, hours, minutes, seconds and milliseconds',
      'bad.yaml: invalid (3 errors)',
    ]);
  });

  it('prints one JSON object with --json', () => {
    const r = run({ 'bad.json': '{"document": {"dsl": "1.0.3", "namespace": "t", "name": "n", "version": "1.0.0"}, "do": [{"r": {"raise": {"error": "nope"}}}]}' }, 'bad.json', { json: true });
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(1);
    expect(JSON.parse(r.out[0])).toEqual({
      valid: false,
      problems: [{ pointer: '/do/0/r/raise/error', message: "undefined error 'nope': define it in use.errors", severity: 'error', code: 'WEFT_ERR_DSL_UNDEFINED_REFERENCE' }],
    });
  });

  it('reports syntax errors against the whole document', () => {
    const r = run({ 'broken.yaml': 'do:\n  - a: [1,\n' }, 'broken.yaml');
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(/^\(document\): error: invalid YAML \(broken\.yaml:3:1\): /);
  });

  it('exits 2 with a problem on stderr when the file cannot be read', () => {
    const r = run({}, 'missing.yaml', { json: true });
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(JSON.parse(r.err[0])).toMatchObject({ code: 'WEFT_ERR_CLI_FILE', status: 400, detail: expect.stringContaining('missing.yaml') });
    expect(run({}, 'missing.yaml').err).toEqual([expect.stringMatching(/^weft: cannot read missing\.yaml: .* \[WEFT_ERR_CLI_FILE\]\n {2}→ Check the path .+$/)]);
  });

  it.skipIf(!existsSync(examplesDir))('accepts every spec example, with the real jq compiler checking the expressions', () => {
    const files = readdirSync(examplesDir).filter((f) => f.endsWith('.yaml'));
    expect(files).toHaveLength(66);
    for (const file of files) {
      const r = run({ [file]: readFileSync(path.join(examplesDir, file), 'utf8') }, file, { json: true });
      const { valid, problems } = JSON.parse(r.out[0]) as { valid: boolean; problems: { severity: string }[] };
      expect({ file, valid, errors: problems.filter((p) => p.severity === 'error') }).toEqual({ file, valid: true, errors: [] });
    }
  });
});

describe('weft validate on event definition files', () => {
  const example = (name: string) => readFileSync(path.join(repoRoot, 'examples', name), 'utf8');

  it("accepts the demo's event type and subscription files", () => {
    for (const name of ['order-placed.event-type.yaml', 'notify-on-order.subscription.yaml']) {
      expect(run({ [name]: example(name) }, name)).toEqual({ code: 0, out: [`${name}: valid`], err: [] });
    }
  });

  it('prints what is wrong in a subscription file, by pointer, and exits 1', () => {
    const r = run({ 'bad.subscription.yaml': "name: bad name\nfilter: { condition: '.data |' }\ntarget: { function: { name: notify } }\n" }, 'bad.subscription.yaml');
    expect(r.code).toBe(1);
    expect(r.out[0]).toBe('/name: error: name is letters, digits and . _ : / # - (up to 200)');
    expect(r.out[1]).toMatch(/^\/filter\/condition: error: subscription bad name: the condition does not compile: /);
    expect(r.out.at(-1)).toBe('bad.subscription.yaml: invalid (2 errors)');
    const condition = run({ 'c.subscription.json': JSON.stringify({ name: 'c', filter: { condition: '.data |' }, target: { function: { name: 'notify' } } }) }, 'c.subscription.json', { json: true });
    expect(condition.code).toBe(1);
    expect(JSON.parse(condition.out[0])).toMatchObject({ valid: false, problems: [{ pointer: '/filter/condition', severity: 'error', code: 'WEFT_ERR_EVENT_CONFIG' }] });
  });

  it('prints what is wrong in an event type file, and a YAML syntax error once', () => {
    const r = run({ 'x.event-type.yaml': 'type: com.example.X\nschema: { type: nonsense }\n' }, 'x.event-type.yaml');
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(/^\/schema: error: the schema does not compile: /);
    const syntax = run({ 'y.event-type.yaml': 'type: [unclosed\n' }, 'y.event-type.yaml');
    expect(syntax.code).toBe(1);
    expect(syntax.out).toHaveLength(2);
  });
});

