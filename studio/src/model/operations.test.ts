import { describe, expect, it } from 'vitest';
import { StudioModelError } from './errors.js';
import { addTask, connect, moveTask, removeTask, renameTask, setProperty } from './operations.js';
import { deepFreeze, example } from './test-fixtures.js';

/** Frozen, so any operation that mutates its input throws instead of passing. */
const base = (): Record<string, unknown> =>
  deepFreeze({
    document: { dsl: '1.0.3', namespace: 't', name: 'ops', version: '0.1.0' },
    do: [
      { a: { set: { x: 1 }, then: 'c' } },
      { b: { switch: [{ yes: { when: '.ok', then: 'c' } }, { no: { then: 'exit' } }] } },
      { c: { set: { y: 2 } } },
      { g: { do: [{ inner: { wait: { seconds: 1 } } }] } },
    ],
  });

const names = (list: unknown): string[] => (list as Record<string, unknown>[]).map((i) => Object.keys(i)[0]);
const expectCode = (fn: () => unknown, code: string): void => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StudioModelError);
    expect((error as StudioModelError).code).toBe(code);
    return;
  }
  expect.fail(`expected ${code}`);
};

describe('addTask', () => {
  it('inserts at the index of a list, top level or nested, and leaves the input untouched', () => {
    const doc = base();
    const added = addTask(doc, '/do', 1, 'n', { wait: { seconds: 2 } });
    expect(names(added.do)).toEqual(['a', 'n', 'b', 'c', 'g']);
    expect((added.do as unknown[])[1]).toEqual({ n: { wait: { seconds: 2 } } });
    const nested = addTask(doc, '/do/3/g/do', 1, 'last', { set: {} });
    expect(names(((nested.do as unknown[])[3] as { g: { do: unknown[] } }).g.do)).toEqual(['inner', 'last']);
    expect(names(doc.do)).toEqual(['a', 'b', 'c', 'g']);
  });

  it('copies the task, so later edits of the caller’s object do not leak in', () => {
    const task = { set: { v: 1 } };
    const added = addTask(base(), '/do', 0, 'n', task);
    task.set.v = 2;
    expect((added.do as unknown[])[0]).toEqual({ n: { set: { v: 1 } } });
  });

  it('rejects a taken name, a reserved or empty name, a bad index and a pointer that is no task list', () => {
    expectCode(() => addTask(base(), '/do', 0, 'c', { set: {} }), 'WEFT_ERR_STUDIO_NAME_TAKEN');
    expectCode(() => addTask(base(), '/do', 0, 'exit', { set: {} }), 'WEFT_ERR_STUDIO_BAD_NAME');
    expectCode(() => addTask(base(), '/do', 0, '', { set: {} }), 'WEFT_ERR_STUDIO_BAD_NAME');
    expectCode(() => addTask(base(), '/do', 5, 'n', { set: {} }), 'WEFT_ERR_STUDIO_BAD_INDEX');
    expectCode(() => addTask(base(), '/do', -1, 'n', { set: {} }), 'WEFT_ERR_STUDIO_BAD_INDEX');
    expectCode(() => addTask(base(), '/do/0/a/set', 0, 'n', { set: {} }), 'WEFT_ERR_STUDIO_NOT_A_TASK_LIST');
    expectCode(() => addTask(base(), '/document', 0, 'n', { set: {} }), 'WEFT_ERR_STUDIO_NOT_A_TASK_LIST');
    expectCode(() => addTask(base(), 'do', 0, 'n', { set: {} }), 'WEFT_ERR_STUDIO_UNKNOWN_POINTER');
  });
});

describe('removeTask', () => {
  it('removes the task and drops sibling directives (then, switch cases) that targeted it', () => {
    const removed = removeTask(base(), '/do/2/c');
    expect(removed.do).toEqual([
      { a: { set: { x: 1 } } },
      { b: { switch: [{ yes: { when: '.ok' } }, { no: { then: 'exit' } }] } },
      { g: { do: [{ inner: { wait: { seconds: 1 } } }] } },
    ]);
  });

  it('removes nested tasks', () => {
    const removed = removeTask(base(), '/do/3/g/do/0/inner');
    expect((removed.do as unknown[])[3]).toEqual({ g: { do: [] } });
  });

  it('rejects stale or malformed pointers', () => {
    expectCode(() => removeTask(base(), '/do/2/a'), 'WEFT_ERR_STUDIO_UNKNOWN_POINTER'); // name/index mismatch
    expectCode(() => removeTask(base(), '/do/9/c'), 'WEFT_ERR_STUDIO_UNKNOWN_POINTER');
    expectCode(() => removeTask(base(), '/do'), 'WEFT_ERR_STUDIO_UNKNOWN_POINTER');
    expectCode(() => removeTask(base(), '/do/1/b/switch/0/yes'), 'WEFT_ERR_STUDIO_UNKNOWN_POINTER'); // a case, not a task
  });
});

describe('moveTask', () => {
  it('reorders within a list, the index counted after removal', () => {
    expect(names(moveTask(base(), '/do/0/a', '/do', 2).do)).toEqual(['b', 'c', 'a', 'g']);
    expect(names(moveTask(base(), '/do/3/g', '/do', 0).do)).toEqual(['g', 'a', 'b', 'c']);
  });

  it('moves into a nested list even when removal shifts that list’s pointer, and drops directives that would dangle', () => {
    const moved = moveTask(base(), '/do/0/a', '/do/3/g/do', 0);
    expect(moved.do).toEqual([
      { b: { switch: [{ yes: { when: '.ok', then: 'c' } }, { no: { then: 'exit' } }] } },
      { c: { set: { y: 2 } } },
      { g: { do: [{ a: { set: { x: 1 } } }, { inner: { wait: { seconds: 1 } } }] } },
    ]);
    const out = moveTask(base(), '/do/2/c', '/do/3/g/do', 1);
    expect(out.do).toEqual([
      { a: { set: { x: 1 } } },
      { b: { switch: [{ yes: { when: '.ok' } }, { no: { then: 'exit' } }] } },
      { g: { do: [{ inner: { wait: { seconds: 1 } } }, { c: { set: { y: 2 } } }] } },
    ]);
  });

  it('rejects moving a task into itself, a name clash, a bad index and unknown pointers', () => {
    expectCode(() => moveTask(base(), '/do/3/g', '/do/3/g/do', 0), 'WEFT_ERR_STUDIO_MOVE_INTO_SELF');
    const clash = addTask(base(), '/do/3/g/do', 0, 'c', { set: {} });
    expectCode(() => moveTask(clash, '/do/2/c', '/do/3/g/do', 0), 'WEFT_ERR_STUDIO_NAME_TAKEN');
    expectCode(() => moveTask(base(), '/do/0/a', '/do', 4), 'WEFT_ERR_STUDIO_BAD_INDEX');
    expectCode(() => moveTask(base(), '/do/0/zz', '/do', 0), 'WEFT_ERR_STUDIO_UNKNOWN_POINTER');
    expectCode(() => moveTask(base(), '/do/0/a', '/do/2/c/do', 0), 'WEFT_ERR_STUDIO_NOT_A_TASK_LIST');
  });
});

describe('renameTask', () => {
  it('renames and rewrites every sibling directive that targeted the old name', () => {
    const renamed = renameTask(base(), '/do/2/c', 'done');
    expect(renamed.do).toEqual([
      { a: { set: { x: 1 }, then: 'done' } },
      { b: { switch: [{ yes: { when: '.ok', then: 'done' } }, { no: { then: 'exit' } }] } },
      { done: { set: { y: 2 } } },
      { g: { do: [{ inner: { wait: { seconds: 1 } } }] } },
    ]);
  });

  it('leaves directives in other lists alone (flow directives are list-scoped)', () => {
    const doc = { do: [{ c: { set: {} } }, { g: { do: [{ c: { set: {} } }, { x: { set: {}, then: 'c' } }] } }] };
    const renamed = renameTask(deepFreeze(doc), '/do/0/c', 'top');
    expect(renamed.do).toEqual([{ top: { set: {} } }, doc.do[1]]);
  });

  it('rejects a taken name, a reserved name and an unknown pointer', () => {
    expectCode(() => renameTask(base(), '/do/2/c', 'a'), 'WEFT_ERR_STUDIO_NAME_TAKEN');
    expectCode(() => renameTask(base(), '/do/2/c', 'end'), 'WEFT_ERR_STUDIO_BAD_NAME');
    expectCode(() => renameTask(base(), '/do/2/nope', 'x'), 'WEFT_ERR_STUDIO_UNKNOWN_POINTER');
  });
});

describe('setProperty', () => {
  it('sets nested properties, creating objects and arrays on the way', () => {
    const doc = example('do-multiple');
    const set = setProperty(deepFreeze(doc), '/do/1/buyPet', ['with', 'endpoint'], 'https://x');
    expect(set.do).toHaveProperty([1, 'buyPet', 'with', 'endpoint'], 'https://x');
    const created = setProperty(base(), '/do/2/c', ['metadata', 'tags', 0], 'ui');
    expect(created.do).toHaveProperty([2, 'c', 'metadata'], { tags: ['ui'] });
  });

  it('deletes with undefined, and deleting what is missing is a no-op', () => {
    const unset = setProperty(base(), '/do/0/a', ['then'], undefined);
    expect((unset.do as unknown[])[0]).toEqual({ a: { set: { x: 1 } } });
    expect(setProperty(base(), '/do/0/a', ['output', 'as'], undefined)).toEqual(base());
  });

  it('rejects an empty path, a path through a scalar and an unknown pointer', () => {
    expectCode(() => setProperty(base(), '/do/0/a', [], 1), 'WEFT_ERR_STUDIO_BAD_PATH');
    expectCode(() => setProperty(base(), '/do/0/a', ['then', 'x'], 1), 'WEFT_ERR_STUDIO_BAD_PATH');
    expectCode(() => setProperty(base(), '/do/0/b', ['x'], 1), 'WEFT_ERR_STUDIO_UNKNOWN_POINTER');
  });
});

describe('connect', () => {
  it('sets a task’s then to a sibling or a flow directive', () => {
    expect((connect(base(), '/do/2/c', 'a').do as unknown[])[2]).toEqual({ c: { set: { y: 2 }, then: 'a' } });
    expect((connect(base(), '/do/0/a', 'end').do as unknown[])[0]).toEqual({ a: { set: { x: 1 }, then: 'end' } });
  });

  it('sets one switch case’s then', () => {
    const out = connect(base(), '/do/1/b', 'g', 'no');
    expect((out.do as unknown[])[1]).toEqual({ b: { switch: [{ yes: { when: '.ok', then: 'c' } }, { no: { then: 'g' } }] } });
  });

  it('rejects a target outside the list, an unknown case and an unknown pointer', () => {
    expectCode(() => connect(base(), '/do/0/a', 'inner'), 'WEFT_ERR_STUDIO_UNKNOWN_TARGET');
    expectCode(() => connect(base(), '/do/1/b', 'c', 'maybe'), 'WEFT_ERR_STUDIO_UNKNOWN_CASE');
    expectCode(() => connect(base(), '/do/0/a', 'c', 'yes'), 'WEFT_ERR_STUDIO_UNKNOWN_CASE');
    expectCode(() => connect(base(), '/do/7/a', 'c'), 'WEFT_ERR_STUDIO_UNKNOWN_POINTER');
  });
});
