import { describe, expect, it } from 'vitest';
import { toGraph } from './graph.js';
import { type Box, LAYOUT, layout } from './layout.js';
import { example, generated } from './test-fixtures.js';

const inside = (child: Box, group: Box): boolean =>
  child.absX >= group.absX && child.absY >= group.absY && child.absX + child.width <= group.absX + group.width && child.absY + child.height <= group.absY + group.height;
const overlap = (a: Box, b: Box): boolean => a.absX < b.absX + b.width && b.absX < a.absX + a.width && a.absY < b.absY + b.height && b.absY < a.absY + a.height;

describe('layout', () => {
  it('is deterministic', () => {
    const doc = generated(60);
    expect(layout(toGraph(doc))).toEqual(layout(toGraph(structuredClone(doc))));
  });

  it('gives every node a box, and the root area bounds them all', () => {
    const g = toGraph(generated(60));
    const l = layout(g);
    expect(Object.keys(l.boxes).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    for (const box of Object.values(l.boxes)) expect(inside(box, { x: 0, y: 0, absX: 0, absY: 0, width: l.width, height: l.height })).toBe(true);
  });

  it('lays a sequence out top to bottom, start first and end last', () => {
    const l = layout(toGraph(example('do-multiple'))).boxes;
    const ys = ['/do#start', '/do/0/getPet', '/do/1/buyPet', '/do#end'].map((id) => l[id].y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(ys).size).toBe(4);
    expect(l['/do/0/getPet']).toMatchObject({ width: LAYOUT.taskWidth, height: LAYOUT.taskHeight });
  });

  it('puts fork branches side by side inside their group, positions relative to the group', () => {
    const l = layout(toGraph(example('fork'))).boxes;
    const group = l['/do/0/raiseAlarm'];
    const nurse = l['/do/0/raiseAlarm/fork/branches/0/callNurse'];
    const doctor = l['/do/0/raiseAlarm/fork/branches/1/callDoctor'];
    expect(nurse.absY).toBe(doctor.absY);
    expect(doctor.absX).toBeGreaterThanOrEqual(nurse.absX + nurse.width);
    for (const child of [nurse, doctor]) {
      expect(inside(child, group)).toBe(true);
      expect([child.x, child.y]).toEqual([child.absX - group.absX, child.absY - group.absY]);
    }
    expect(group.width).toBeGreaterThan(nurse.width + doctor.width);
  });

  it('sizes a try/catch group around both of its lists, which do not overlap', () => {
    const g = toGraph(example('try-catch-then'));
    const l = layout(g).boxes;
    const group = l['/do/0/tryGetPet'];
    const kids = g.nodes.filter((n) => n.parent === '/do/0/tryGetPet').map((n) => l[n.id]);
    expect(kids).toHaveLength(7); // 2 lists × (start + end) + 3 tasks
    for (const k of kids) expect(inside(k, group)).toBe(true);
    for (const [i, a] of kids.entries()) for (const b of kids.slice(i + 1)) expect(overlap(a, b)).toBe(false);
    expect(overlap(group, l['/do/1/buyPet'])).toBe(false);
  });

  it('lays out an empty or do-less workflow without failing', () => {
    expect(layout(toGraph({ document: {} }))).toEqual({ boxes: {}, width: 0, height: 0 });
    expect(Object.keys(layout(toGraph({ do: [] })).boxes)).toEqual(['/do#start', '/do#end']);
  });

  it('opens a 200-task workflow (toGraph + layout) in under 50 ms', () => {
    const doc = generated(200);
    const started = performance.now();
    const g = toGraph(doc);
    const l = layout(g);
    const elapsed = performance.now() - started;
    expect(g.nodes.filter((n) => n.type === 'task')).toHaveLength(200);
    expect(Object.keys(l.boxes)).toHaveLength(g.nodes.length);
    expect(elapsed).toBeLessThan(50);
  });
});
