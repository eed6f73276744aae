import { describe, expect, it } from 'vitest';
import { layout, toGraph } from '../../model/index.js';
import { dropTarget } from './drop-target.js';
import { freshName, taskTemplate } from './task-templates.js';
import { localProblems, serverProblems } from './validation.js';
import { nextVersion } from './workflow-source.js';

const doc = {
  document: { dsl: '1.0.0', namespace: 't', name: 'w', version: '1.0.0' },
  do: [{ a: { set: { x: 1 } } }, { g: { do: [{ inner: { set: { y: 2 } } }] } }, { b: { set: { z: '${ .x | }' }, then: 'nowhere' } }],
};

describe('designer logic', () => {
  it('drops into the root list by height, and into a group under the pointer', () => {
    const graph = toGraph(doc);
    const lay = layout(graph);
    const a = lay.boxes['/do/0/a'];
    expect(dropTarget(graph, lay, { x: a.absX + 10, y: a.absY - 5 })).toEqual({ list: '/do', index: 0 });
    expect(dropTarget(graph, lay, { x: a.absX + 10, y: a.absY + a.height + 2 })).toEqual({ list: '/do', index: 1 });
    expect(dropTarget(graph, lay, { x: a.absX + 10, y: lay.height + 100 })).toEqual({ list: '/do', index: 3 });
    const inner = lay.boxes['/do/1/g/do/0/inner'];
    expect(dropTarget(graph, lay, { x: inner.absX + 10, y: inner.absY + inner.height + 4 })).toEqual({ list: '/do/1/g/do', index: 1 });
  });

  it('flags broken expressions and dangling then locally, and maps server problems onto tasks', () => {
    const graph = toGraph(doc);
    expect(localProblems(graph)).toEqual({ '/do/2/b': "then: no task named 'nowhere' in this list" });
    const fixed = toGraph({ ...doc, do: [doc.do[0], doc.do[1], { b: { set: { z: '${ .x | }' } } }] });
    expect(localProblems(fixed)['/do/2/b']).toMatch(/^set\.z: the expression ends with '\|'/);
    const problem = { type: 'x', title: 'Bad request', status: 400, problems: [{ pointer: '/do/1/g/do/0/inner/set', message: 'must be object' }, { pointer: '/document/version', message: 'bad version' }] };
    expect(serverProblems(problem, graph)).toEqual({ '/do/1/g/do/0/inner': '/set: must be object', '': '/document/version: bad version' });
  });

  it('names new tasks uniquely and starts each kind valid', () => {
    expect(freshName('set', ['set1', 'set2', 'x'])).toBe('set3');
    for (const kind of ['call', 'do', 'emit', 'for', 'fork', 'listen', 'raise', 'run', 'set', 'switch', 'try', 'wait']) expect(taskTemplate(kind), kind).toHaveProperty(kind === 'for' ? 'for' : kind);
    expect(taskTemplate('nope')).toBeUndefined();
  });

  it('saves as the next patch version above the highest', () => {
    expect(nextVersion(['1.0.0', '1.2.0', '1.10.3'])).toBe('1.10.4');
    expect(nextVersion([])).toBe('0.0.1');
  });
});
