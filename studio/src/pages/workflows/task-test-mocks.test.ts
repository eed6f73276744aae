import { describe, expect, it } from 'vitest';
import type { TestEffectView } from '../../../../src/contracts/index.js';
import { mockSkeleton } from './task-test-mocks.js';

const effect = (kind: TestEffectView['kind'], pointer: string, n: number, pending = true): TestEffectView => ({ kind, key: `root:${n}:${pointer}`, pointer, request: null, mocked: !pending, ...(pending ? { pending: true } : {}) });

describe('task test mocks skeleton', () => {
  it('one placeholder per pending effect by pointer; several of one task as an each list; mocks already there kept', () => {
    expect(mockSkeleton([effect('http', '/do/0/a', 0)])).toEqual({ '/do/0/a': { status: 200, body: {} } });
    expect(mockSkeleton([effect('function', '/do/0/f', 0), effect('function', '/do/0/f', 1)])).toEqual({ '/do/0/f': { each: [{}, {}] } });
    expect(mockSkeleton([effect('timer', '/do/0/w', 0, false), effect('http', '/do/1/b', 1)], { '/do/0/a': 'kept' })).toEqual({ '/do/0/a': 'kept', '/do/1/b': { status: 200, body: {} } });
  });
});
