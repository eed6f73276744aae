import { describe, expect, it } from 'vitest';
import { WorkflowError } from './errors.js';
import { evaluateJq } from './expressions.js';

const failure = (src: string, input: unknown, secrets: Record<string, string>) => {
  try {
    evaluateJq(src, input as never, { secrets, secret: secrets }, '/do/0/t');
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowError);
    return (err as WorkflowError).problem.detail ?? '';
  }
  throw new Error(`${src} did not fail`);
};

describe('expression errors never quote a secret the run can read', () => {
  const secrets = { A: 'hunter2-s3cret-value', Q: 'with "quotes" \\ inside' };

  it.each(['$secrets.A + 1', '$secrets.A | tonumber', '$secrets.A | error', '$secrets.A | keys', '$secrets.A | fromjson', '.k | tonumber', '$secrets.Q | tonumber', '$secrets.Q + 1'])('%s', (src) => {
    const detail = failure(src, { k: secrets.A }, secrets);
    expect(detail).toMatch(/message withheld/);
    expect(detail).not.toContain('hunter2');
    expect(detail).not.toContain('quotes');
  });

  it('other messages are kept', () => {
    expect(failure('.k | tonumber', { k: 'abc' }, secrets)).toMatch(/while parsing 'abc'/);
    expect(failure('.k + 1', { k: 'abc' }, {})).toMatch(/cannot be added/);
  });
});
