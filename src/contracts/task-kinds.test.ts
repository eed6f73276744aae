import { describe, expect, it } from 'vitest';
import { TASK_KINDS, TASK_KIND_DETECTION_ORDER, taskKindOf } from './task-kinds.js';

describe('task kinds', () => {
  it('lists the twelve kinds; detection tries do last', () => {
    expect(TASK_KINDS).toHaveLength(12);
    expect([...TASK_KIND_DETECTION_ORDER].sort()).toEqual([...TASK_KINDS].sort());
    expect(TASK_KIND_DETECTION_ORDER.at(-1)).toBe('do');
  });

  it('detects a task by its defining property', () => {
    expect(taskKindOf({ set: { a: 1 } })).toBe('set');
    expect(taskKindOf({ for: { in: '.items' }, do: [] })).toBe('for');
    expect(taskKindOf({ try: [], catch: { do: [] } })).toBe('try');
    expect(taskKindOf({ listen: { to: { one: {} } }, foreach: { do: [] } })).toBe('listen');
    expect(taskKindOf({ do: [] })).toBe('do');
  });

  it('says undefined for what is not a task', () => {
    expect(taskKindOf({ then: 'end' })).toBeUndefined();
    expect(taskKindOf(null)).toBeUndefined();
    expect(taskKindOf([])).toBeUndefined();
    expect(taskKindOf('set')).toBeUndefined();
  });
});
