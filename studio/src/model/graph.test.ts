import { describe, expect, it } from 'vitest';
import { toDocument, toGraph } from './graph.js';
import type { GraphEdge, WorkflowGraph } from './graph-types.js';
import { example, exampleNames } from './test-fixtures.js';

const edgesFrom = (g: WorkflowGraph, source: string): Array<Pick<GraphEdge, 'target' | 'kind' | 'label' | 'when'>> =>
  g.edges.filter((e) => e.source === source).map(({ target, kind, label, when }) => ({ target, kind, label, when }));
const node = (g: WorkflowGraph, id: string) => g.nodes.find((n) => n.id === id);

// Needs the conformance kit (WEFT_CONFORMANCE_DIR); without it the suite is skipped (test/global-setup.ts says so).
describe.skipIf(exampleNames().length === 0)('round-trip of the spec examples', () => {
  const names = exampleNames();

  it('finds all 66 examples', () => {
    expect(names).toHaveLength(66);
  });

  it.each(names)('%s: toDocument(toGraph(doc)) deep-equals doc', (name) => {
    const doc = example(name);
    const graph = toGraph(doc);
    expect(toDocument(graph)).toStrictEqual(doc);
    // The graph really split the tasks apart: no task node still carries a nested task list.
    for (const n of graph.nodes) {
      for (const listId of n.childLists ?? []) {
        const path = graph.lists.find((l) => l.id === listId)?.path ?? [];
        let v: unknown = n.task;
        for (const key of path) v = (v as Record<string, unknown> | undefined)?.[key];
        expect(v, `${n.id} still holds ${listId}`).toBeUndefined();
      }
    }
  });
});

describe('toGraph', () => {
  it('turns a switch with `then` into case edges and flow jumps', () => {
    const g = toGraph(example('switch-then-string'));
    expect(g.nodes.filter((n) => n.type === 'task').map((n) => [n.id, n.kind])).toEqual([
      ['/do/0/processOrder', 'switch'],
      ['/do/1/processElectronicOrder', 'set'],
      ['/do/2/processPhysicalOrder', 'set'],
      ['/do/3/handleUnknownOrderType', 'set'],
    ]);
    // A default case exists, so the switch has no fall-through edge of its own.
    expect(edgesFrom(g, '/do/0/processOrder')).toEqual([
      { target: '/do/1/processElectronicOrder', kind: 'case', label: 'case1', when: '.orderType == "electronic"' },
      { target: '/do/2/processPhysicalOrder', kind: 'case', label: 'case2', when: '.orderType == "physical"' },
      { target: '/do/3/handleUnknownOrderType', kind: 'case', label: 'default', when: undefined },
    ]);
    expect(edgesFrom(g, '/do/1/processElectronicOrder')).toEqual([{ target: '/do#end', kind: 'then', label: 'exit', when: undefined }]);
    expect(edgesFrom(g, '/do/3/handleUnknownOrderType')).toEqual([{ target: '/do#end', kind: 'sequence', label: undefined, when: undefined }]);
    expect(edgesFrom(g, '/do#start')).toEqual([{ target: '/do/0/processOrder', kind: 'sequence', label: undefined, when: undefined }]);
  });

  it('gives a switch without a default case a fall-through edge', () => {
    const g = toGraph({ do: [{ s: { switch: [{ big: { when: '.n > 9', then: 'b' } }] } }, { a: { set: {} } }, { b: { set: {} } }] });
    expect(edgesFrom(g, '/do/0/s').map((e) => [e.kind, e.target])).toEqual([
      ['case', '/do/2/b'],
      ['sequence', '/do/1/a'],
    ]);
  });

  it('groups a try/catch with retry and draws body and retry edges', () => {
    const g = toGraph(example('try-catch-retry-inline'));
    expect(node(g, '/do/0/tryGetPet')).toMatchObject({ kind: 'try', parent: null, childLists: ['/do/0/tryGetPet/try'] });
    expect(node(g, '/do/0/tryGetPet')?.task).toHaveProperty('catch.retry.limit.attempt.count', 5);
    expect(node(g, '/do/0/tryGetPet/try/0/getPet')).toMatchObject({ kind: 'call', parent: '/do/0/tryGetPet', list: '/do/0/tryGetPet/try' });
    expect(edgesFrom(g, '/do/0/tryGetPet').map((e) => [e.kind, e.target])).toEqual([
      ['sequence', '/do#end'],
      ['body', '/do/0/tryGetPet/try#start'],
      ['retry', '/do/0/tryGetPet/try#start'],
    ]);
    expect(edgesFrom(g, '/do/0/tryGetPet/try/0/getPet').map((e) => e.target)).toEqual(['/do/0/tryGetPet/try#end']);
  });

  it('draws the catch path of a try/catch into its catch.do list', () => {
    const g = toGraph(example('try-catch-then'));
    expect(edgesFrom(g, '/do/0/tryGetPet')).toContainEqual({ target: '/do/0/tryGetPet/catch/do#start', kind: 'catch', label: 'catch 404', when: undefined });
    expect(node(g, '/do/0/tryGetPet/catch/do/1/setError')).toMatchObject({ parent: '/do/0/tryGetPet', kind: 'set', index: 1 });
    expect(edgesFrom(g, '/do/0/tryGetPet/catch/do/0/notifySupport').map((e) => e.target)).toEqual(['/do/0/tryGetPet/catch/do/1/setError']);
    expect(edgesFrom(g, '/do/0/tryGetPet').some((e) => e.kind === 'retry')).toBe(false);
  });

  it('puts fork branches side by side between the branch list start and end', () => {
    const g = toGraph(example('fork'));
    const list = '/do/0/raiseAlarm/fork/branches';
    expect(edgesFrom(g, `${list}#start`).map((e) => [e.kind, e.label, e.target])).toEqual([
      ['branch', 'callNurse', `${list}/0/callNurse`],
      ['branch', 'callDoctor', `${list}/1/callDoctor`],
    ]);
    expect(edgesFrom(g, `${list}/0/callNurse`).map((e) => e.target)).toEqual([`${list}#end`]);
    expect(edgesFrom(g, '/do/0/raiseAlarm').map((e) => [e.kind, e.target])).toContainEqual(['body', `${list}#start`]);
  });

  it('groups the body of a for loop', () => {
    const g = toGraph(example('for'));
    expect(node(g, '/do/0/checkup')).toMatchObject({ kind: 'for', childLists: ['/do/0/checkup/do'] });
    expect(node(g, '/do/0/checkup')?.task).toEqual({ for: { each: 'pet', in: '.pets', at: 'index' }, while: '.vet != null' });
    expect(node(g, '/do/0/checkup/do/0/waitForCheckup')).toMatchObject({ kind: 'listen', parent: '/do/0/checkup' });
  });

  it('resolves `then` inside nested do lists against siblings, `exit` to the list end and `end` to the workflow end', () => {
    const g = toGraph({
      do: [
        { outer: { do: [{ a: { set: {}, then: 'c' } }, { b: { set: {}, then: 'end' } }, { c: { set: {}, then: 'exit' } }, { d: { set: {}, then: 'nowhere' } }] } },
        { after: { wait: { seconds: 1 } } },
      ],
    });
    const l = '/do/0/outer/do';
    expect(g.nodes.filter((n) => n.list === l).map((n) => n.id)).toEqual([`${l}#start`, `${l}/0/a`, `${l}/1/b`, `${l}/2/c`, `${l}/3/d`, `${l}#end`]);
    expect(edgesFrom(g, `${l}/0/a`).map((e) => e.target)).toEqual([`${l}/2/c`]);
    expect(edgesFrom(g, `${l}/1/b`).map((e) => e.target)).toEqual(['/do#end']);
    expect(edgesFrom(g, `${l}/2/c`).map((e) => e.target)).toEqual([`${l}#end`]);
    expect(edgesFrom(g, `${l}/3/d`)).toEqual([]); // dangling: validation reports it
    expect(edgesFrom(g, '/do/0/outer').map((e) => [e.kind, e.target])).toEqual([
      ['sequence', '/do/1/after'],
      ['body', `${l}#start`],
    ]);
  });

  it('keeps items that name no task and the document outside `do` verbatim', () => {
    const doc = { document: { name: 'x' }, use: { functions: { f: { set: {} } } }, do: [{ a: { set: {} } }, 'junk', { b: {}, c: {} }] };
    const g = toGraph(doc);
    expect(g.document).toEqual({ document: { name: 'x' }, use: { functions: { f: { set: {} } } } });
    expect(g.lists[0].items).toEqual([{ node: '/do/0/a' }, { raw: 'junk' }, { raw: { b: {}, c: {} } }]);
    expect(toDocument(g)).toEqual(doc);
    expect(toDocument(toGraph({ document: {} }))).toEqual({ document: {} });
  });

  it('escapes task names in node ids the way the server does (RFC 6901)', () => {
    const g = toGraph({ do: [{ 'a/b~c': { set: {} } }] });
    expect(g.nodes.map((n) => n.id)).toContain('/do/0/a~1b~0c');
  });
});
