/** The semantic checks on valid documents: what counts as an expression, a reference, a warning. */
import { describe, expect, it } from 'vitest';
import { expressionSource } from './check-expressions.js';
import { DslError } from './errors.js';
import { loadWorkflow, validateText } from './validate.js';

const HEAD = "document: { dsl: '1.0.3', namespace: test, name: sample, version: '0.1.0' }\n";

function expressionsOf(yaml: string): string[] {
  // The checker rejects every expression with its own source as the message: each becomes a problem
  // at its pointer, which maps sources to places.
  const result = validateText(HEAD + yaml, { checkExpression: (src) => src });
  return result.problems.filter((p) => p.code === 'WEFT_ERR_DSL_EXPRESSION').map((p) => `${p.pointer} ${p.message.replace('invalid runtime expression: ', '')}`);
}

describe('runtime expressions', () => {
  it('unwraps ${ } and takes bare jq only where the DSL defines an expression', () => {
    expect(expressionSource('${ .a }')).toBe('.a');
    expect(expressionSource('  ${.a | {b}}  ')).toBe('.a | {b}');
    expect(expressionSource('.a')).toBeNull();
    expect(expressionSource(' .a ', true)).toBe('.a');
    expect(expressionSource('Hello ${ .name }', false)).toBeNull();
  });

  it('finds bare jq in expression fields and ${ } everywhere else', () => {
    const yaml = `input: { from: .workflowIn }
output: { as: '\${ .out }' }
use:
  retries:
    r: { when: .retryable, limit: { attempt: { count: 2 } } }
  extensions:
    - log: { extend: all, when: .logging }
do:
  - loop:
      for: { in: .items, each: item }
      while: .more
      if: .enabled
      input: { from: { picked: '\${ .picked }', literal: .notAnExpression } }
      output: { as: .result }
      export: { as: '$context + .' }
      metadata: { note: '\${ metadata is data }' }
      do:
        - pick:
            switch:
              - yes: { when: .ok, then: exit }
              - no: { then: continue }
  - guarded:
      try:
        - call1: { call: http, with: { method: get, endpoint: '\${ .url }', body: { n: '\${ .n }', plain: .n } } }
      catch: { when: .transient, exceptWhen: .fatal, retry: { when: .again } }
  - wait4: { listen: { to: { any: [ { with: { type: t }, correlate: { id: { from: .id, expect: '\${ .expected }' } } } ], until: .done } } }
`;
    expect(expressionsOf(yaml)).toEqual([
      '/input/from .workflowIn',
      '/output/as .out',
      '/use/retries/r/when .retryable',
      '/use/extensions/0/log/when .logging',
      '/do/0/loop/for/in .items',
      '/do/0/loop/while .more',
      '/do/0/loop/if .enabled',
      '/do/0/loop/input/from/picked .picked',
      '/do/0/loop/output/as .result',
      '/do/0/loop/export/as $context + .',
      '/do/0/loop/do/0/pick/switch/0/yes/when .ok',
      '/do/1/guarded/try/0/call1/with/endpoint .url',
      '/do/1/guarded/try/0/call1/with/body/n .n',
      '/do/1/guarded/catch/when .transient',
      '/do/1/guarded/catch/exceptWhen .fatal',
      '/do/1/guarded/catch/retry/when .again',
      '/do/2/wait4/listen/to/any/0/correlate/id/from .id',
      '/do/2/wait4/listen/to/any/0/correlate/id/expect .expected',
      '/do/2/wait4/listen/to/until .done',
    ]);
  });

  it('are not checked without a checker, nor in another expression language', () => {
    const yaml = `do:\n  - a: { if: '.x |', set: { y: 1 } }\n`;
    expect(validateText(HEAD + yaml).valid).toBe(true);
    const js = validateText(HEAD + `evaluate: { language: js }\n` + yaml, { checkExpression: () => 'rejected' });
    expect(js.problems.map((p) => `${p.pointer} ${p.code}`)).toEqual(['/evaluate/language WEFT_WARN_DSL_UNSUPPORTED']);
  });
});

describe('references', () => {
  it('accepts built-in calls, defined functions, the default catalog, declared catalogs and URIs', () => {
    const yaml = `use:
  functions:
    mine: { call: http, with: { method: get, endpoint: 'https://x.com' } }
  catalogs:
    global: { endpoint: 'https://github.com/serverlessworkflow/catalog' }
do:
  - a: { call: mine }
  - b: { call: 'log:1.0.0@default' }
  - c: { call: 'log:1.0.0@global' }
  - d: { call: 'https://example.com/functions/f.yaml' }
`;
    expect(validateText(HEAD + yaml).problems).toEqual([]);
  });

  it('warns about secrets that use.secrets does not declare', () => {
    const yaml = `use:
  secrets: [known]
  authentications:
    a: { basic: { use: known } }
    b: { bearer: { use: unknown } }
do:
  - g: { call: http, with: { method: get, endpoint: { uri: 'https://x.com', authentication: { oauth2: { use: other } } } } }
  - h: { call: http, with: { method: get, endpoint: { uri: 'https://x.com', authentication: { use: a } } } }
`;
    const result = validateText(HEAD + yaml);
    expect(result.valid).toBe(true);
    expect(result.problems.map((p) => `${p.pointer} ${p.code}`)).toEqual([
      '/use/authentications/b/bearer/use WEFT_WARN_DSL_UNDECLARED_SECRET',
      '/do/0/g/with/endpoint/authentication/oauth2/use WEFT_WARN_DSL_UNDECLARED_SECRET',
    ]);
  });

  it('warns about expressions reading secrets that use.secrets does not declare', () => {
    const yaml = `use:
  secrets: [known]
  authentications:
    a: { bearer: { use: viaAuth } }
do:
  - s:
      set:
        ok: '\${ $secrets.known + $secrets.viaAuth }'
        dotted: '\${ $secret.missing }'
        quoted: '\${ $secrets["other one"] | length }'
  - t: { if: '$secrets.bare == 1', set: { x: 1 } }
`;
    const result = validateText(HEAD + yaml);
    expect(result.valid).toBe(true);
    expect(result.problems.filter((p) => !p.pointer.startsWith('/use')).map((p) => `${p.pointer} ${p.code} ${p.message}`)).toEqual([
      "/do/0/s/set/dotted WEFT_WARN_DSL_UNDECLARED_SECRET expression reads secret 'missing', which is not declared in use.secrets: its runs will not see it",
      "/do/0/s/set/quoted WEFT_WARN_DSL_UNDECLARED_SECRET expression reads secret 'other one', which is not declared in use.secrets: its runs will not see it",
      "/do/1/t/if WEFT_WARN_DSL_UNDECLARED_SECRET expression reads secret 'bare', which is not declared in use.secrets: its runs will not see it",
    ]);
  });

  it('ignores authentication-looking user data', () => {
    const yaml = `do:\n  - p: { call: http, with: { method: post, endpoint: 'https://x.com', body: { authentication: { use: nobody } } } }\n`;
    expect(validateText(HEAD + yaml).problems).toEqual([]);
  });
});

describe('unsupported features are warnings', () => {
  it('keeps the document valid', () => {
    const yaml = `do:
  - py: { run: { script: { language: python, code: 'print(1)' } } }
  - js: { run: { script: { language: javascript, code: 'return 1' } } }
  - sh: { run: { shell: { command: ls } } }
  - rpc: { call: grpc, with: { proto: { endpoint: 'file://app/greet.proto' }, service: { name: G, host: localhost }, method: Hi } }
  - agent: { call: a2a, with: { method: message/send, server: 'https://agent.example.com' } }
`;
    const result = validateText(HEAD + yaml);
    expect(result.valid).toBe(true);
    expect(result.workflow).toBeDefined();
    expect(result.problems.map((p) => `${p.pointer} ${p.severity} ${p.code}`)).toEqual([
      '/do/0/py/run/script/language warning WEFT_WARN_DSL_UNSUPPORTED',
      '/do/2/sh/run/shell warning WEFT_WARN_DSL_UNSUPPORTED',
      '/do/3/rpc/call warning WEFT_WARN_DSL_UNSUPPORTED',
      '/do/4/agent/call warning WEFT_WARN_DSL_UNSUPPORTED',
    ]);
  });

  it('includes DSL versions other than 1.0.x', () => {
    const result = validateText("document: { dsl: '1.1.0', namespace: test, name: x, version: '1.0.0' }\ndo: []\n");
    expect(result.problems.map((p) => `${p.pointer} ${p.code}`)).toEqual(['/document/dsl WEFT_WARN_DSL_UNSUPPORTED']);
  });
});

describe('JSON documents', () => {
  it('report problems at the same pointers as YAML, in document order', () => {
    const doc = { document: { dsl: '1.0.3', namespace: 'test', name: 'x', version: '0.1.0' }, do: [{ a: { set: { x: 1 }, then: 'b' } }, { a: { wait: 5 } }] };
    const json = validateText(JSON.stringify(doc));
    expect(json.problems.map((p) => `${p.pointer} ${p.code}`)).toEqual([
      '/do/0/a/then WEFT_ERR_DSL_THEN_TARGET',
      '/do/1/a WEFT_ERR_DSL_DUPLICATE_TASK',
      '/do/1/a/wait WEFT_ERR_DSL_SCHEMA',
    ]);
  });
});

describe('loadWorkflow', () => {
  it('returns the typed workflow, or throws one DslError with every problem', () => {
    expect(loadWorkflow(HEAD + 'do:\n  - a: { wait: PT1S }\n').do[0].a).toEqual({ wait: 'PT1S' });
    let error: unknown;
    try {
      loadWorkflow(HEAD + 'do:\n  - a: { wait: 5, then: b }\n', { filename: 'flow.yaml' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DslError);
    expect((error as DslError).problems).toHaveLength(2);
    expect((error as DslError).message).toMatch(/^flow\.yaml: \/do\/0\/a\/wait: must be a duration.* \(and 1 more\)$/);
    expect((error as DslError).code).toBe('WEFT_ERR_DSL_INVALID');
  });
});
