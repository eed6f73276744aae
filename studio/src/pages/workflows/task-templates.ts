/**
 * What a task dropped from the palette starts as: the smallest task of each kind that the DSL schema
 * accepts, so a freshly built workflow validates before the user fills anything in.
 */
import type { TaskKind } from '../../model/index.js';

type Kind = Exclude<TaskKind, 'unknown'>;

const TEMPLATES: Record<Kind, () => Record<string, unknown>> = {
  call: () => ({ call: 'http', with: { method: 'get', endpoint: 'https://example.com' } }),
  do: () => ({ do: [{ step: { set: { value: '${ . }' } } }] }),
  emit: () => ({ emit: { event: { with: { source: 'https://weft.example/studio', type: 'com.example.event' } } } }),
  for: () => ({ for: { each: 'item', in: '${ .items }' }, do: [{ handle: { set: { item: '${ $item }' } } }] }),
  fork: () => ({ fork: { branches: [{ left: { set: { left: true } } }, { right: { set: { right: true } } }] } }),
  listen: () => ({ listen: { to: { one: { with: { type: 'com.example.event' } } } } }),
  raise: () => ({ raise: { error: { type: 'https://weft.example/errors/failed', status: 400, title: 'Failed' } } }),
  run: () => ({ run: { shell: { command: 'echo hello' } } }),
  set: () => ({ set: { value: '${ . }' } }),
  switch: () => ({ switch: [{ otherwise: { then: 'continue' } }] }),
  try: () => ({ try: [{ attempt: { set: { ok: true } } }], catch: { do: [{ recover: { set: { ok: false } } }] } }),
  wait: () => ({ wait: { seconds: 1 } }),
};

export function taskTemplate(kind: string): Record<string, unknown> | undefined {
  return (TEMPLATES as Record<string, () => Record<string, unknown>>)[kind]?.();
}

/** `<kind><n>`: the first such name not taken in the list. */
export function freshName(kind: string, taken: readonly string[]): string {
  const names = new Set(taken);
  for (let n = 1; ; n++) if (!names.has(`${kind}${n}`)) return `${kind}${n}`;
}
