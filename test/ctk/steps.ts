/**
 * The CTK's steps (../shared/ctk/README.md), run against the engine: arrange (definition, input),
 * act (execute), assert (outcome, output properties, task order and outcomes).
 *
 * Placeholders in doc strings: `{{server}}` is the base URL of the local test HTTP server (see
 * test/ctk.test.ts for its routes), `{{closed}}` the URL of a port nothing listens on.
 *
 * Steps added for test/ctk-extra (beyond the CTK README):
 *   Given/And given the workflow secrets are:            (doc string: YAML map) secrets visible as `$secrets`
 *   And the engine knows the workflow:                    (doc string: definition) registers another workflow, for `run: workflow`
 *   Then the workflow should have taken <duration>        virtual time from workflow started to its end (ISO 8601, e.g. PT1H)
 *   Then the workflow should have taken between <d1> and <d2>   same, within bounds (inclusive)
 *   And <TASK> should fault with error:                   (README step) the task's faulted event carries this error (subset)
 *   And <TASK> should not run                             no started event for the task
 *   And <TASK> should have been retried <n> time(s)       number of `task.retried` events for the task
 *   And the server should have received <n> request(s) to '<path>'   requests the test server got on that path
 *   And an event with type '<type>' should have been published       the engine's bus got such an event
 *   And the workflow output should have a '<path>' property equal to the run id
 */
import { expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type CloudEvent, type HttpClient } from '../../src/ports/index.js';
import { MemoryRegistry, type RunResult } from '../../src/engine/index.js';
import { durationMs } from '../../src/shared/index.js';
import { loadDefinitionText } from './load.js';
import { testEngine } from '../support/test-engine.js';

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

/** The local HTTP server of test/ctk.test.ts, as the steps see it. */
export interface CtkServer {
  url: string;
  closedUrl: string;
  requests: LoggedRequest[];
  /** `/fail/<n>/<key>` call counts by key. */
  failures: Map<string, number>;
}

export interface World {
  definition?: Record<string, unknown>;
  input: unknown;
  result?: RunResult;
  lifecycle: CloudEvent[];
  http?: HttpClient;
  server?: CtkServer;
  secrets?: Record<string, string>;
  /** Other workflows the engine should know (`run: workflow`). */
  workflows?: Record<string, unknown>[];
  /** Events the engine published on its bus. */
  published?: CloudEvent[];
  /** Functions to deploy before the run (`call: name:version@default`). */
  functions?: { manifest: Record<string, unknown>; code: string }[];
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

/** Replaces `{{server}}` / `{{closed}}` with the test server's URLs. */
export function substitute(w: World, text: string): string {
  if (!/\{\{(server|closed)\}\}/.test(text)) return text;
  if (!w.server?.url) throw new Error('this scenario needs the test HTTP server ({{server}}), which is not running');
  return text.replace(/\{\{server\}\}/g, w.server.url).replace(/\{\{closed\}\}/g, w.server.closedUrl);
}

function durationArg(text: string): number {
  const ms = durationMs(text);
  if (ms === null) throw new Error(`not an ISO 8601 duration: ${text}`);
  return ms;
}

/** Virtual milliseconds between the workflow's started event and its completed/faulted event. */
function elapsedMs(w: World): number {
  const at = (suffix: string[]) => w.lifecycle.find((e) => suffix.some((s) => e.type === `io.serverlessworkflow.workflow.${s}.v1`));
  const start = at(['started']);
  const end = at(['completed', 'faulted', 'cancelled']);
  expect(start && end, 'workflow started and ended events').toBeTruthy();
  return Date.parse(end!.time!) - Date.parse(start!.time!);
}

export const STEPS: Step[] = [
  { pattern: /^a workflow with definition:$/, run: (w, _m, doc) => void (w.definition = loadDefinitionText(substitute(w, doc!))) },
  { pattern: /^given the workflow input is:$/, run: (w, _m, doc) => void (w.input = parseYaml(substitute(w, doc!))) },
  { pattern: /^given the workflow secrets are:$/, run: (w, _m, doc) => void (w.secrets = parseYaml(doc!) as Record<string, string>) },
  {
    pattern: /^the engine knows the workflow:$/,
    run: (w, _m, doc) => void (w.workflows = [...(w.workflows ?? []), loadDefinitionText(substitute(w, doc!))]),
  },
  {
    pattern: /^the workflow is executed$/,
    run: async (w) => {
      // `registry` is for `run: workflow`; test/support/test-engine.ts must forward it to the Engine.
      let registry: MemoryRegistry | undefined;
      if (w.workflows) {
        registry = new MemoryRegistry();
        for (const d of w.workflows) registry.add(d as never);
      }
      const opts = { http: w.http, secrets: w.secrets, registry, functions: w.functions };
      const t = testEngine(opts);
      w.lifecycle = t.lifecycle;
      w.published = t.bus.published;
      w.result = await t.engine.run(w.definition as never, w.input as never);
    },
  },
  {
    // A function of the default catalog: its weft.json fields, then its code after a `---` line.
    pattern: /^the function '([^']+)' version '([^']+)' is deployed with code:$/,
    run: (w, m, doc) => void (w.functions ??= []).push({ manifest: { name: m[1], version: m[2] }, code: doc! }),
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
  {
    pattern: /^(\S+) should fault with error:$/,
    run: (w, m, doc) => {
      const faulted = w.lifecycle.filter((e) => e.type === 'io.serverlessworkflow.task.faulted.v1' && taskName(String((e.data as Record<string, unknown>).task)) === m[1]);
      expect(faulted.length, `${m[1]} has no faulted event`).toBeGreaterThan(0);
      expect((faulted.at(-1)!.data as Record<string, unknown>).error).toMatchObject(parseYaml(doc!));
    },
  },
  { pattern: /^(\S+) should not run$/, run: (w, m) => expect(taskEvents(w, 'started')).not.toContain(m[1]) },
  {
    pattern: /^(\S+) should have been retried (\d+) times?$/,
    run: (w, m) => expect(taskEvents(w, 'retried').filter((t) => t === m[1])).toHaveLength(Number(m[2])),
  },
  {
    pattern: /^the workflow should have taken between (\S+) and (\S+)$/,
    run: (w, m) => {
      const ms = elapsedMs(w);
      expect(ms).toBeGreaterThanOrEqual(durationArg(m[1]));
      expect(ms).toBeLessThanOrEqual(durationArg(m[2]));
    },
  },
  { pattern: /^the workflow should have taken (\S+)$/, run: (w, m) => expect(elapsedMs(w)).toBe(durationArg(m[1])) },
  {
    pattern: /^the server should have received (\d+) requests? to '([^']+)'$/,
    run: (w, m) => expect(w.server!.requests.filter((r) => r.path === m[2]).length).toBe(Number(m[1])),
  },
  {
    pattern: /^an event with type '([^']+)' should have been published$/,
    run: (w, m) => expect((w.published ?? []).map((e) => e.type)).toContain(m[1]),
  },
  {
    pattern: /^the workflow output should have a '([^']+)' property equal to the run id$/,
    run: (w, m) => expect(outputAt(w, m[1])).toBe(w.result!.id),
  },
];
