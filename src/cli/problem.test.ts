import { describe, expect, it } from 'vitest';
import { catalogEntry } from './error-catalog.js';
import { CLI_ERROR_CODES } from './errors.js';
import { humanProblem, nextStep, problemOf, reportProblem, usageProblem } from './problem.js';

const todo = (code: string) => `  → ${catalogEntry(code)!.action}`;

describe('reportProblem', () => {
  it('says a problem in one line for people: what failed, where, and its code; then what to do', () => {
    expect(humanProblem(usageProblem(CLI_ERROR_CODES.arg, "--port must be a port number, got 'x'")).split('\n')).toEqual([
      "weft: --port must be a port number, got 'x' [WEFT_ERR_CLI_ARG]",
      '  → Correct the value the message names; `weft <command> --help` (and docs/cli.md) lists what each command takes.',
    ]);
    expect(humanProblem({ type: 't', title: 'Unsupported', status: 400, detail: 'run: container is not supported yet', code: 'WEFT_ERR_DSL_UNSUPPORTED', instance: '/do/0/c' }).split('\n')).toEqual([
      'weft: run: container is not supported yet (at /do/0/c) [WEFT_ERR_DSL_UNSUPPORTED]',
      todo('WEFT_ERR_DSL_UNSUPPORTED'),
    ]);
  });

  it('says nothing more about a code the catalog does not know', () => {
    expect(nextStep('WEFT_ERR_NOT_IN_THE_CATALOG')).toEqual([]);
    expect(humanProblem({ type: 't', title: 'x', status: 422, detail: 'a remote problem', code: 'WEFT_ERR_NOT_IN_THE_CATALOG' })).toBe('weft: a remote problem [WEFT_ERR_NOT_IN_THE_CATALOG]');
  });

  it("lists a document's problems under its headline instead of repeating them in it", () => {
    const problem = {
      type: 't', title: 'Invalid workflow', status: 400, code: 'WEFT_ERR_DSL_INVALID',
      detail: 'flow.yaml is not a valid workflow: /: invalid YAML (flow.yaml:4:3): bad; /do/0: nope',
      problems: [{ pointer: '', message: 'invalid YAML (flow.yaml:4:3): bad' }, { pointer: '/do/0', message: 'nope' }],
    };
    expect(humanProblem(problem).split('\n')).toEqual([
      'weft: flow.yaml is not a valid workflow [WEFT_ERR_DSL_INVALID]',
      '  (document): invalid YAML (flow.yaml:4:3): bad',
      '  /do/0: nope',
      todo('WEFT_ERR_DSL_INVALID'),
    ]);
  });

  it('prints the problem object as one JSON line with --json, and nothing else', () => {
    const lines: string[] = [];
    const problem = usageProblem(CLI_ERROR_CODES.arg, 'bad');
    reportProblem({ out: () => {}, err: (l) => lines.push(l) }, problem, true);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual({ type: 'https://serverlessworkflow.io/spec/1.0.0/errors/validation', title: 'Invalid command-line input', status: 400, detail: 'bad', code: 'WEFT_ERR_CLI_ARG' });
  });
});

describe('the CLI\'s own problems', () => {
  it('take their status, title and type from the CLI\'s family', () => {
    expect(usageProblem(CLI_ERROR_CODES.portInUse, 'port 1 is in use')).toEqual({
      type: 'https://serverlessworkflow.io/spec/1.0.0/errors/validation', title: 'Invalid command-line input', status: 400, detail: 'port 1 is in use', code: 'WEFT_ERR_CLI_PORT_IN_USE',
    });
  });

  it('make anything uncoded an internal error (500)', () => {
    expect(problemOf(new Error('disk on fire'))).toEqual({
      type: 'https://serverlessworkflow.io/spec/1.0.0/errors/runtime', title: 'Internal error', status: 500, detail: 'disk on fire', code: 'WEFT_ERR_CLI_INTERNAL',
    });
  });
});
