/**
 * Invalid documents, each with the exact set of problems (pointer + code) it must produce: the schema's
 * `oneOf` noise reduced to what the author has to fix, plus the semantic checks.
 */
import { describe, expect, it } from 'vitest';
import { validateDocument, validateText } from './validate.js';

const HEAD = "document: { dsl: '1.0.3', namespace: test, name: sample, version: '0.1.0' }\n";

/** A stand-in jq compiler: rejects a dangling pipe, the one mistake these tests make. */
const fakeJq = (src: string): string | null => (/\|\s*$/.test(src) ? 'unexpected end of input' : null);

function problemsOf(yaml: string): string[] {
  const result = validateText(HEAD + yaml, { checkExpression: fakeJq });
  return result.problems.map((p) => `${p.pointer} ${p.code}`).sort();
}

const SCHEMA = 'WEFT_ERR_DSL_SCHEMA';
const THEN = 'WEFT_ERR_DSL_THEN_TARGET';
const DUP = 'WEFT_ERR_DSL_DUPLICATE_TASK';
const REF = 'WEFT_ERR_DSL_UNDEFINED_REFERENCE';
const EXPR = 'WEFT_ERR_DSL_EXPRESSION';
const UNSUPPORTED = 'WEFT_WARN_DSL_UNSUPPORTED';

const INVALID: [name: string, yaml: string, expected: string[]][] = [
  [
    'a task with no kind is one problem at the task, not one per task kind',
    `do:\n  - a:\n      cal: http\n      with: {}\n`,
    [`/do/0/a ${SCHEMA}`],
  ],
  ['a task with two kinds', `do:\n  - a:\n      set: { x: 1 }\n      wait: PT1S\n`, [`/do/0/a ${SCHEMA}`]],
  ['an HTTP call without arguments', `do:\n  - b:\n      call: http\n`, [`/do/0/b ${SCHEMA}`]],
  [
    'an HTTP call: errors of the HTTP branch only, at the offending properties',
    `do:\n  - c:\n      call: http\n      with: { method: get, endpoint: 'https://x.com', output: json, bogus: 1 }\n`,
    [`/do/0/c/with/bogus ${SCHEMA}`, `/do/0/c/with/output ${SCHEMA}`],
  ],
  [
    'a nested task, several levels down',
    `do:\n  - outer:\n      try:\n        - inner:\n            do:\n              - getPet:\n                  call: http\n                  with:\n                    method: get\n                    endpoint: { uri: 'https://x.com', authentication: { use: 3 } }\n      catch: {}\n`,
    [`/do/0/outer/try/0/inner/do/0/getPet/with/endpoint/authentication/use ${SCHEMA}`],
  ],
  ['a bad duration', `do:\n  - w:\n      wait: 5 seconds\n`, [`/do/0/w/wait ${SCHEMA}`]],
  ['an unknown duration unit', `do:\n  - w:\n      wait: { secs: 5 }\n`, [`/do/0/w/wait/secs ${SCHEMA}`]],
  ['a run task with no process', `do:\n  - r:\n      run: {}\n`, [`/do/0/r/run ${SCHEMA}`]],
  ['a container without image', `do:\n  - r:\n      run: { container: {} }\n`, [`/do/0/r/run/container ${SCHEMA}`, `/do/0/r/run/container ${UNSUPPORTED}`]],
  ['a task list entry with two names', `do:\n  - a: { set: { x: 1 } }\n    b: { set: { x: 1 } }\n`, [`/do/0 ${SCHEMA}`]],
  ['an empty task', `do:\n  - a:\n`, [`/do/0/a ${SCHEMA}`]],
  ['do must be a list', `do: {}\n`, [`/do ${SCHEMA}`]],
  ['then: an unknown task', `do:\n  - a:\n      set: { x: 1 }\n      then: nowhere\n  - b:\n      set: { x: 2 }\n`, [`/do/0/a/then ${THEN}`]],
  [
    'then: a task at another depth',
    `do:\n  - a:\n      do:\n        - inner:\n            set: { x: 1 }\n            then: b\n  - b:\n      set: { x: 2 }\n`,
    [`/do/0/a/do/0/inner/then ${THEN}`],
  ],
  [
    'switch cases target tasks of the switch task’s list',
    `do:\n  - s:\n      switch:\n        - one: { when: .a, then: b }\n        - two: { when: .b, then: c }\n        - other: { then: end }\n  - b:\n      set: { x: 2 }\n`,
    [`/do/0/s/switch/1/two/then ${THEN}`],
  ],
  [
    'two default cases',
    `do:\n  - s:\n      switch:\n        - one: { then: exit }\n        - two: { then: end }\n`,
    [`/do/0/s/switch/1/two WEFT_ERR_DSL_SWITCH_DEFAULT`],
  ],
  [
    'duplicate task names, in the main list and in a fork',
    `do:\n  - a: { set: { x: 1 } }\n  - f:\n      fork:\n        branches:\n          - x: { set: { x: 1 } }\n          - x: { set: { x: 2 } }\n  - a: { set: { x: 3 } }\n`,
    [`/do/1/f/fork/branches/1/x ${DUP}`, `/do/2/a ${DUP}`],
  ],
  ['raise of an undefined error', `do:\n  - r:\n      raise: { error: notDefined }\n`, [`/do/0/r/raise/error ${REF}`]],
  ['call of an undefined function', `do:\n  - c:\n      call: doesNotExist\n`, [`/do/0/c/call ${REF}`]],
  ['call of a function in an undefined catalog', `do:\n  - c:\n      call: log:1.0.0@nowhere\n`, [`/do/0/c/call ${REF}`]],
  [
    'retry, timeout and authentication references',
    `do:\n  - t:\n      timeout: short\n      try:\n        - g:\n            call: http\n            with: { method: get, endpoint: { uri: 'https://x.com', authentication: { use: missingAuth } } }\n      catch: { retry: missingRetry }\n`,
    [`/do/0/t/catch/retry ${REF}`, `/do/0/t/timeout ${REF}`, `/do/0/t/try/0/g/with/endpoint/authentication/use ${REF}`],
  ],
  [
    'invalid runtime expressions, wrapped and bare',
    `do:\n  - x:\n      if: '.a |'\n      set: { y: '\${ .b | }', z: '.c |' }\n`,
    [`/do/0/x/if ${EXPR}`, `/do/0/x/set/y ${EXPR}`],
  ],
  [
    'a function that targets a task',
    `use:\n  functions:\n    f: { set: { x: 1 }, then: somewhere }\ndo:\n  - a: { call: f }\n`,
    [`/use/functions/f/then ${THEN}`],
  ],
  [
    'many problems at once',
    `use:\n  errors:\n    known: { type: 'https://x.com/e', status: 400 }\ndo:\n  - a:\n      call: http\n      with: { method: get }\n      then: missing\n  - a:\n      raise: { error: unknown }\n  - b:\n      if: '.x |'\n      run: { shell: { command: ls } }\n`,
    [`/do/0/a/with ${SCHEMA}`, `/do/0/a/then ${THEN}`, `/do/1/a ${DUP}`, `/do/1/a/raise/error ${REF}`, `/do/2/b/if ${EXPR}`, `/do/2/b/run/shell ${UNSUPPORTED}`],
  ],
];

describe('validateDocument: invalid documents', () => {
  it.each(INVALID)('%s', (_name, yaml, expected) => {
    expect(problemsOf(yaml)).toEqual([...expected].sort());
  });
});

describe('validateDocument: messages', () => {
  const messages = (yaml: string): string[] => validateText(HEAD + yaml).problems.map((p) => `${p.pointer}: ${p.message}`);

  it('says what a task needs instead of listing every task kind’s errors', () => {
    expect(messages(`do:\n  - a:\n      cal: http\n`)).toEqual([
      '/do/0/a: not a valid task: a task must have exactly one of call, do, emit, for, fork, listen, raise, run, set, switch, try, wait, but it has none (keys: cal)',
    ]);
    expect(messages(`do:\n  - b:\n      call: http\n`)).toEqual(["/do/0/b: missing required property 'with'"]);
    expect(messages(`do:\n  - c:\n      call: http\n      with: { method: get, endpoint: 'https://x.com', bogus: 1 }\n`)).toEqual([
      "/do/0/c/with/bogus: unknown property 'bogus'",
    ]);
  });

  it('describes unions and patterns in words', () => {
    expect(messages(`do:\n  - w:\n      wait: 5 seconds\n`)).toEqual([
      '/do/0/w/wait: must be a duration: an ISO 8601 string such as PT30S, a runtime expression, or an object of days, hours, minutes, seconds and milliseconds',
    ]);
    expect(messages(`do:\n  - a: { call: http, with: { method: get, endpoint: { uri: 'https://x.com', authentication: petAuth } } }\n`)).toEqual([
      '/do/0/a/with/endpoint/authentication: must be an authentication policy (basic, bearer, digest, oauth2 or oidc) or { use: <name> } of one in use.authentications',
    ]);
    expect(validateText('document: { dsl: 1.0, namespace: Test_NS, name: x }\ndo: []\n').problems.map((p) => `${p.pointer}: ${p.message}`)).toEqual([
      "/document: missing required property 'version'",
      '/document/dsl: must be a string',
      '/document/namespace: must be 1 to 63 letters, digits or hyphens, starting and ending with a letter or digit',
    ]);
  });

  it('names the valid targets of a flow directive', () => {
    expect(messages(`do:\n  - a:\n      set: { x: 1 }\n      then: nowhere\n  - b:\n      set: { x: 2 }\n`)).toEqual([
      "/do/0/a/then: then: 'nowhere' is not a task of this list; expected continue, exit, end or one of: a, b",
    ]);
  });

  it('reports a document that is not an object', () => {
    expect(validateDocument('just text')).toEqual({
      valid: false,
      problems: [{ pointer: '', message: 'must be an object', severity: 'error', code: SCHEMA }],
    });
    expect(validateText('').problems.map((p) => p.pointer + ' ' + p.code)).toEqual([` ${SCHEMA}`]);
  });
});
