/**
 * The CTK's steps (../shared/ctk/README.md), run against the engine: arrange (definition, input),
 * act (execute), assert (outcome, output properties, task order and outcomes).
 */
import { expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { CloudEvent, RunResult } from '../../src/engine/index.js';
import { loadDefinitionText } from './load.js';
import { testEngine } from '../support/test-engine.js';
import type { HttpClient } from '../../src/engine/index.js';

export interface World {
  definition?: Record<string, unknown>;
  input: unknown;
  result?: RunResult;
  lifecycle: CloudEvent[];
  http?: HttpClient;
}

type Step = { pattern: RegExp; run: (w: World, m: RegExpMatchArray, doc?: string) => Promise<void> | void };

const taskName = (pointer: string) => pointer.split('/').pop()!.replace(/~1/g, '/').replace(/~0/g, '~');

function taskEvents(w: World, kind: string): string[] {
  return w.lifecycle.filter((e) => e.type === `io.serverlessworkflow.task.${kind}.v1`).map((e) => taskName(String((e.data as Record<string, unknown>).task)));
}

function outputAt(w: World, path: string): unknown {
  expect(w.result?.status, JSON.stringify(w.result?.error)).toBe('completed');
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), w.result!.output);
}

export const STEPS: Step[] = [
  { pattern: /^a workflow with definition:$/, run: (w, _m, doc) => void (w.definition = loadDefinitionText(doc!)) },
  { pattern: /^given the workflow input is:$/, run: (w, _m, doc) => void (w.input = parseYaml(doc!)) },
  {
    pattern: /^the workflow is executed$/,
    run: async (w) => {
      const t = testEngine({ http: w.http });
      w.lifecycle = t.lifecycle;
      w.result = await t.engine.run(w.definition as never, w.input as never);
    },
  },
  { pattern: /^the workflow should complete$/, run: (w) => expect(w.result?.status, JSON.stringify(w.result?.error)).toBe('completed') },
  {
    pattern: /^the workflow should complete with output:$/,
    run: (w, _m, doc) => {
      expect(w.result?.status, JSON.stringify(w.result?.error)).toBe('completed');
      expect(w.result!.output).toEqual(parseYaml(doc!));
    },
  },
  { pattern: /^the workflow should fault$/, run: (w) => expect(w.result?.status).toBe('faulted') },
  {
    pattern: /^the workflow should fault with error:$/,
    run: (w, _m, doc) => {
      expect(w.result?.status).toBe('faulted');
      expect(w.result!.error).toMatchObject(parseYaml(doc!));
    },
  },
  { pattern: /^the workflow should cancel$/, run: (w) => expect(w.result?.status).toBe('cancelled') },
  {
    pattern: /^the workflow output should have properties (.+)$/,
    run: (w, m) => {
      for (const p of m[1].split(',').map((s) => s.trim().replace(/^'|'$/g, ''))) expect(outputAt(w, p), p).toBeDefined();
    },
  },
  {
    pattern: /^the workflow output should have a '([^']+)' property with value:$/,
    run: (w, m, doc) => expect(outputAt(w, m[1])).toEqual(parseYaml(doc!)),
  },
  {
    pattern: /^the workflow output should have a '([^']+)' property containing (\d+) items$/,
    run: (w, m) => expect(outputAt(w, m[1])).toHaveLength(Number(m[2])),
  },
  { pattern: /^(\S+) should run first$/, run: (w, m) => expect(taskEvents(w, 'started')[0]).toBe(m[1]) },
  { pattern: /^(\S+) should run last$/, run: (w, m) => expect(taskEvents(w, 'started').at(-1)).toBe(m[1]) },
  {
    pattern: /^(\S+) should run before (\S+)$/,
    run: (w, m) => {
      const order = taskEvents(w, 'started');
      expect(order.indexOf(m[1])).toBeGreaterThanOrEqual(0);
      expect(order.indexOf(m[1])).toBeLessThan(order.lastIndexOf(m[2]));
    },
  },
  {
    pattern: /^(\S+) should run after (\S+)$/,
    run: (w, m) => {
      const order = taskEvents(w, 'started');
      expect(order.indexOf(m[2])).toBeGreaterThanOrEqual(0);
      expect(order.lastIndexOf(m[1])).toBeGreaterThan(order.indexOf(m[2]));
    },
  },
  { pattern: /^(\S+) should complete$/, run: (w, m) => expect(taskEvents(w, 'completed')).toContain(m[1]) },
  { pattern: /^(\S+) should fault$/, run: (w, m) => expect(taskEvents(w, 'faulted')).toContain(m[1]) },
  {
    pattern: /^(\S+) should complete with output:$/,
    run: (w, m, doc) => {
      const done = w.lifecycle.filter((e) => e.type === 'io.serverlessworkflow.task.completed.v1' && taskName(String((e.data as Record<string, unknown>).task)) === m[1]);
      expect(done.length).toBeGreaterThan(0);
      expect((done.at(-1)!.data as Record<string, unknown>).output).toEqual(parseYaml(doc!));
    },
  },
];
