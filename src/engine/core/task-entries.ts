/** A task list's entries, checked: each item names exactly one task. */
import type { Task, TaskList } from '../../dsl/index.js';
import { workflowError } from './errors.js';

type Entry = [name: string, task: Task];

export function entriesOf(list: TaskList | undefined, pointer: string): Entry[] {
  if (!Array.isArray(list)) throw workflowError('configuration', 'a task list must be an array', pointer);
  return list.map((item, i) => {
    const keys = item && typeof item === 'object' && !Array.isArray(item) ? Object.keys(item) : [];
    if (keys.length !== 1) throw workflowError('configuration', 'each task list item must have exactly one task name', `${pointer}/${i}`);
    return [keys[0], item[keys[0]]];
  });
}
