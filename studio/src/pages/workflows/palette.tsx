/**
 * The palette of the DSL's twelve task kinds. Drag one onto the canvas (HTML5 drag and drop, carrying
 * the kind as `application/x-weft-task`), or — from the keyboard — press Enter/Space on it to append it
 * after the selected task (or at the end of the workflow); the arrow keys move through the palette.
 */
import { TASK_KINDS } from '../../model/index.js';
import { onListKeyDown } from '../../components/list-keys.js';
import { KIND_ICONS } from '../../components/graph/node-views.js';
import { TASK_MIME } from '../../components/graph/FlowCanvas.js';

const HINTS: Record<(typeof TASK_KINDS)[number], string> = {
  call: 'call a function, HTTP, OpenAPI…',
  do: 'a sequence of tasks',
  emit: 'publish a CloudEvent',
  for: 'loop over a collection',
  fork: 'run branches concurrently',
  listen: 'wait for events',
  raise: 'fail with an error',
  run: 'run a container, script, shell or workflow',
  set: 'set data',
  switch: 'branch on conditions',
  try: 'catch and retry errors',
  wait: 'pause for a duration',
};

export function Palette({ onAdd, disabled }: { onAdd(kind: string): void; disabled?: boolean }): React.JSX.Element {
  return (
    <aside className="palette" aria-labelledby="palette-title">
      <h2 id="palette-title">Tasks</h2>
      <ul onKeyDown={onListKeyDown}>
        {TASK_KINDS.map((kind) => (
          <li key={kind}>
            <button
              type="button"
              draggable={!disabled}
              disabled={disabled}
              data-testid={`palette-${kind}`}
              title={`${kind}: ${HINTS[kind]} — drag onto the canvas, or press Enter to add`}
              aria-label={`Add a ${kind} task (${HINTS[kind]})`}
              onDragStart={(e) => {
                e.dataTransfer.setData(TASK_MIME, kind);
                e.dataTransfer.setData('text/plain', kind);
                e.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => onAdd(kind)}
            >
              <span aria-hidden="true">{KIND_ICONS[kind]}</span>
              {kind}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
