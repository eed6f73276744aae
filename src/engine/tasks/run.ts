/**
 * `run`: `run: workflow` starts a sub-workflow (by namespace, name and version) as a run of its own and,
 * unless `await: false`, outputs its result. Containers, shells and scripts are refused until supported.
 */
import type { Json } from '../../expr/index.js';
import { workflowError } from '../errors.js';
import { evaluateDeep } from '../expressions.js';
import { argsFor } from '../run-context.js';
import type { TaskHandler } from './index.js';
import { perform } from './perform.js';

export const runTask: TaskHandler = function* (s, input) {
  const spec = (s.task.run ?? {}) as Record<string, Json>;
  const wf = spec.workflow as Record<string, Json> | undefined;
  if (!wf) {
    const kind = ['container', 'shell', 'script'].find((k) => k in spec) ?? 'process';
    throw workflowError('configuration', `run: ${kind} is not supported yet`, s.pointer);
  }
  if (typeof wf.name !== 'string' || typeof wf.namespace !== 'string') {
    throw workflowError('configuration', 'run.workflow needs a namespace and a name', s.pointer);
  }
  const wait = spec.await !== false;
  const childInput = wf.input === undefined ? input : evaluateDeep(wf.input, input, argsFor(s, { input }), s.pointer);
  const version = typeof wf.version === 'string' ? wf.version : undefined;
  const output = yield* perform({
    kind: 'subflow',
    key: s.fiber.key(s.pointer),
    pointer: s.pointer,
    workflow: { namespace: wf.namespace, name: wf.name, ...(version ? { version } : {}) },
    input: childInput,
    await: wait,
  });
  return { output: wait ? output : input };
};
