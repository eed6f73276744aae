/**
 * Large workflow documents compile on a worker thread (src/platform/off-thread-compiler.ts). The worker
 * runs the built code, so this test uses dist/ (npm test builds before it runs): the definition and the
 * problems are the same as compiling inline, and the event loop stays free meanwhile.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIST = resolve(__dirname, '../dist/platform/index.js');

function bigWorkflow(tasks: number, broken = false): string {
  const list = [];
  for (let i = 0; i < tasks; i++) list.push({ [`t${i}`]: { set: { [`x${i}`]: `\${ .a + ${i} }` } } });
  if (broken) list.push({ bad: { set: { y: '${ .a + }' } } });
  return JSON.stringify({ document: { dsl: '1.0.0', namespace: 'big', name: 'w', version: '1.0.0' }, do: list });
}

describe.skipIf(!existsSync(DIST))('the off-thread document compiler (built code)', () => {
  it('compiles a large document on a worker to the same definition, and its problems to the same ApiError', async () => {
    const { OffThreadCompiler, OFF_THREAD_CHARS, compileDefinition, ApiError } = await import(pathToFileURL(DIST).href);
    const compiler = new OffThreadCompiler();
    try {
      const text = bigWorkflow(3_000);
      expect(text.length).toBeGreaterThan(OFF_THREAD_CHARS);
      let turns = 0;
      const ticker = setInterval(() => turns++, 1);
      const definition = await compiler.compile(text);
      clearInterval(ticker);
      expect(definition).toEqual(compileDefinition(text));
      // The event loop kept turning while the worker compiled (inline, it would be held throughout).
      expect(turns).toBeGreaterThan(0);
      const broken = bigWorkflow(3_000, true);
      const inline = (() => {
        try {
          compileDefinition(broken);
        } catch (err) {
          return err as InstanceType<typeof ApiError>;
        }
      })();
      const off = await compiler.compile(broken).catch((err: unknown) => err);
      expect(off).toBeInstanceOf(ApiError);
      expect({ code: off.code, message: off.message, extra: off.extra }).toEqual({ code: inline!.code, message: inline!.message, extra: inline!.extra });
    } finally {
      await compiler.close();
    }
  });
});
