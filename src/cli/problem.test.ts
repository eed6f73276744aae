import { describe, expect, it } from 'vitest';
import { humanProblem, reportProblem, usageProblem } from './problem.js';

describe('reportProblem', () => {
  it('says a problem in one line for people: what failed, where, and its code', () => {
    expect(humanProblem(usageProblem('WEFT_ERR_CLI_ARG', "--port must be a port number, got 'x'"))).toBe("weft: --port must be a port number, got 'x' [WEFT_ERR_CLI_ARG]");
    expect(humanProblem({ type: 't', title: 'Unsupported', status: 400, detail: 'run: container is not supported yet', code: 'WEFT_ERR_DSL_UNSUPPORTED', instance: '/do/0/c' })).toBe(
      'weft: run: container is not supported yet (at /do/0/c) [WEFT_ERR_DSL_UNSUPPORTED]',
    );
  });

  it("lists a document's problems under its headline instead of repeating them in it", () => {
    const problem = {
      type: 't', title: 'Invalid workflow', status: 400, code: 'WEFT_ERR_DSL_INVALID',
      detail: 'flow.yaml is not a valid workflow: /: invalid YAML (flow.yaml:4:3): bad; /do/0: nope',
      problems: [{ pointer: '', message: 'invalid YAML (flow.yaml:4:3): bad' }, { pointer: '/do/0', message: 'nope' }],
    };
    expect(humanProblem(problem).split('\n')).toEqual(['weft: flow.yaml is not a valid workflow [WEFT_ERR_DSL_INVALID]', '  (document): invalid YAML (flow.yaml:4:3): bad', '  /do/0: nope']);
  });

  it('prints the problem object as one JSON line with --json', () => {
    const lines: string[] = [];
    const problem = usageProblem('WEFT_ERR_CLI_ARG', 'bad');
    reportProblem({ out: () => {}, err: (l) => lines.push(l) }, problem, true);
    expect(lines.map((l) => JSON.parse(l))).toEqual([problem]);
  });
});
