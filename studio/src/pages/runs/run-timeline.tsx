/**
 * The run's timeline: one row per task that ran, a bar per attempt from start to end (to "now" while
 * still going), coloured by outcome, nested tasks indented. Plain SVG: a Gantt of a few hundred rows
 * needs no chart library. Rows are buttons (Enter/Space) that select the task, like a click on the graph.
 */
import { useEffect, useRef, useState } from 'react';
import { formatDuration } from './format.js';
import { splitPointer, type TaskState } from './task-states.js';

const ROW = 22;
const LABEL = 230;
const AXIS = 20;

/** The element's width in CSS pixels, kept current: the chart is drawn in pixels so text never scales. */
function useWidth(fallback: number): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth || fallback));
    observer.observe(el);
    setWidth(el.clientWidth || fallback);
    return () => observer.disconnect();
  }, [fallback]);
  return [ref, width];
}

/** Depth of a pointer: how many task lists it is nested in (`/do/0/a` = 0). */
const depth = (pointer: string) => Math.max(0, (pointer.match(/\/\d+\//g)?.length ?? 1) - 1);

export function RunTimeline({ states, start, end, selected, onSelect }: { states: Map<string, TaskState>; start: number; end: number; selected?: string; onSelect(pointer: string): void }): React.JSX.Element {
  const [box, width] = useWidth(1000);
  const rows = [...states.values()].filter((s) => s.attempts.length > 0).sort((a, b) => a.attempts[0].start - b.attempts[0].start || a.pointer.localeCompare(b.pointer));
  const span = Math.max(1, end - start);
  const x = (t: number) => LABEL + ((Math.min(Math.max(t, start), start + span) - start) / span) * (width - LABEL - 10);
  const height = AXIS + rows.length * ROW + 4;
  const ticks = [0, 0.25, 0.5, 0.75, 1];

  return (
    <div ref={box} className="run-timeline-box">
      {rows.length === 0 ? <p className="muted">No task has started yet.</p> : null}
      {rows.length === 0 ? null : (
        <svg className="run-timeline" width={width} height={height} role="group" aria-label={`Timeline of ${rows.length} tasks over ${formatDuration(span)}`}>
          {ticks.map((f) => (
            <g key={f} aria-hidden="true">
              <line x1={x(start + f * span)} x2={x(start + f * span)} y1={AXIS - 4} y2={height} className="tick" />
              <text x={x(start + f * span)} y={12} textAnchor={f === 1 ? 'end' : f === 0 ? 'start' : 'middle'} className="tick-label">
                {formatDuration(f * span)}
              </text>
            </g>
          ))}
          {rows.map((s, i) => {
            const y = AXIS + i * ROW;
            const name = splitPointer(s.pointer)?.name ?? s.pointer;
            const last = s.attempts[s.attempts.length - 1];
            const took = last.end !== undefined ? formatDuration(last.end - s.attempts[0].start) : 'still going';
            const select = () => onSelect(s.pointer);
            return (
              <g
                key={s.pointer}
                className={`timeline-row${selected === s.pointer ? ' selected' : ''}`}
                role="button"
                tabIndex={0}
                aria-label={`${name}: ${s.status}, ${took}${s.attempts.length > 1 ? `, ${s.attempts.length} attempts` : ''}`}
                aria-pressed={selected === s.pointer}
                data-testid={`timeline-${s.pointer}`}
                onClick={select}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    select();
                  }
                }}
              >
                <rect x={0} y={y} width={width} height={ROW} className="row-bg" />
                <text x={6 + depth(s.pointer) * 12} y={y + 15} className="row-label">
                  {name}
                </text>
                {s.attempts.map((a, j) => (
                  <rect key={j} x={x(a.start)} y={y + 4} width={Math.max(3, x(a.end ?? end) - x(a.start))} height={ROW - 8} rx={3} className={`bar bar-${a.status}`}>
                    <title>{`${name} attempt ${j + 1}: ${a.status}${a.end !== undefined ? `, ${formatDuration(a.end - a.start)}` : ''}`}</title>
                  </rect>
                ))}
              </g>
            );
          })}
        </svg>
      )}
    </div>
  );
}
