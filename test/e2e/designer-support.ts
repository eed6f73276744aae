/** Helpers of the designer's browser tests (the shared ones are in support.ts). */
import type { Page } from 'playwright-core';

/**
 * What page.evaluate callbacks use of the browser: they run there, but are type-checked with the test
 * program, which has Node's globals and no DOM library.
 */
export interface BrowserGlobals {
  location: { hash: string };
  document: { querySelector(selector: string): { innerText: string } | null };
  requestAnimationFrame(fn: () => void): number;
  sessionStorage: { getItem(key: string): string | null };
}

/**
 * Drags a palette item onto the canvas, by default near its bottom (a drop below every task appends).
 * Forced: the drop point may lie on a node (a group), which playwright's hit check would wait on forever.
 */
export async function dragToCanvas(page: Page, kind: string, at?: { x: number; y: number }): Promise<void> {
  const canvas = page.locator('.react-flow__pane');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas on the page');
  await page.getByTestId(`palette-${kind}`).dragTo(canvas, { targetPosition: at ?? { x: box.width / 2, y: box.height - 40 }, force: true });
}

/**
 * A workflow of `count` tasks (a `do` group of three every tenth slot), and how many graph nodes it
 * draws: every task, plus a start and an end node per task list.
 */
export function bigWorkflow(count: number): { yaml: string; nodes: number } {
  const lines = ["document: { dsl: '1.0.0', namespace: perf, name: big, version: '1.0.0' }", 'do:'];
  let made = 0;
  let groups = 0;
  const leaf = (indent: string) => {
    const n = made++;
    lines.push(`${indent}- t${n}:`, `${indent}    set: { n: ${n} }`);
  };
  while (made < count) {
    if (made % 10 === 0 && count - made >= 5) {
      const name = `g${made++}`;
      groups++;
      lines.push(`  - ${name}:`, '      do:');
      for (let i = 0; i < 3; i++) leaf('        ');
    } else leaf('  ');
  }
  return { yaml: lines.join('\n') + '\n', nodes: count + 2 * (1 + groups) };
}

/**
 * Opens a hash route and measures, in the page, the time until the canvas holds the whole graph
 * (`data-nodes` = its node count) and `firstNode` is drawn, plus one frame for the paint
 * (performance.now() around the navigation; the API calls are included). React Flow draws only the
 * nodes in view (onlyRenderVisibleElements), which is what keeps big workflows fast.
 */
export async function timeToOpen(page: Page, hash: string, nodes: number, firstNode: string): Promise<number> {
  return page.evaluate(
    ([h, n, first]) =>
      new Promise<number>((resolve, reject) => {
        const w = globalThis as unknown as BrowserGlobals;
        const t0 = performance.now();
        w.location.hash = h as string;
        const check = () => {
          if (w.document.querySelector(`[data-nodes="${n}"]`) && w.document.querySelector(`[data-testid="node-${first}"]`)) w.requestAnimationFrame(() => resolve(performance.now() - t0));
          else if (performance.now() - t0 > 10_000) reject(new Error(`the graph was not drawn after 10 s`));
          else w.requestAnimationFrame(check);
        };
        check();
      }),
    [hash, nodes, firstNode] as const,
  );
}

/** Starts recording frame gaps (requestAnimationFrame) in the page; `stop` returns them in ms. */
export async function recordFrames(page: Page): Promise<{ stop(): Promise<number[]> }> {
  await page.evaluate(() => {
    const w = globalThis as unknown as BrowserGlobals & { __frames: number[]; __recording: boolean };
    w.__frames = [];
    w.__recording = true;
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      w.__frames.push(now - last);
      last = now;
      if (w.__recording) w.requestAnimationFrame(tick);
    };
    w.requestAnimationFrame(tick);
  });
  return {
    stop: () =>
      page.evaluate(() => {
        const w = globalThis as unknown as { __frames: number[]; __recording: boolean };
        w.__recording = false;
        return w.__frames.slice(1);
      }),
  };
}
