/**
 * Registering and reading workflow definitions. A version is immutable: registering the same
 * namespace/name/version again with the same content is a no-op, with other content a conflict.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Json } from '../shared/index.js';
import type { Clock, WorkflowRecord, WorkflowRegistry, WorkflowStore } from '../ports/index.js';
import type { WorkflowRef } from '../contracts/index.js';
import { compileDefinition } from './definition.js';
import { API_ERROR_CODES, ApiError, notFound } from './errors.js';
import type { RegisterOptions, TestTaskView, WorkflowDetail, WorkflowView, WorkflowsApi } from './platform.js';
import { type TaskTestPorts, TaskTests, type TestTaskRequest } from './task-tests.js';
import { workflowDetail, workflowView } from './views.js';
import type { ViewOptions } from './sensitive-views.js';

/** JSON with object keys sorted, so the hash ignores key order and YAML-vs-JSON formatting. */
function canonical(value: Json): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export class Workflows implements WorkflowsApi {
  constructor(
    private readonly o: {
      store: WorkflowStore;
      clock: Clock;
      /** Refuses what the rest of the platform cannot take (a webhook path owned by another workflow, a bad schedule). */
      check?: (definition: Record<string, Json>) => Promise<void>;
      /** After a new version is stored (schedules and webhooks follow the highest version). */
      registered?: (record: WorkflowRecord) => Promise<void>;
      /** Text → definition (default: compileDefinition here; the server's compiles large documents off-thread). */
      compile?: (text: string) => Promise<Record<string, Json>>;
      /** The ports a task test performs real effects through (without them, only mocks answer). */
      testPorts?: TaskTestPorts;
    },
  ) {
    this.tests = new TaskTests({ definition: (ns, name, version) => this.definition(ns, name, version), ports: o.testPorts ?? { clock: o.clock, newId: randomUUID } });
  }

  private readonly tests: TaskTests;

  /** Runs one task of a version in isolation with mocked effects (task-tests.ts); nothing is stored. */
  testTask(req: TestTaskRequest, o?: ViewOptions): Promise<TestTaskView> {
    return this.tests.test(req, o);
  }

  async register(text: string, opts: RegisterOptions = {}): Promise<{ workflow: WorkflowView; created: boolean }> {
    const definition = this.o.compile ? await this.o.compile(text) : compileDefinition(text);
    const doc = definition.document as Record<string, Json>;
    opts.authorize?.(String(doc.namespace));
    await this.o.check?.(definition);
    const record: WorkflowRecord = {
      namespace: String(doc.namespace),
      name: String(doc.name),
      version: String(doc.version),
      definition,
      source: text,
      hash: createHash('sha256').update(canonical(definition)).digest('hex'),
      createdAt: this.o.clock.now(),
    };
    try {
      const { record: stored, created } = await this.o.store.put(record);
      if (created) await this.o.registered?.(stored);
      return { workflow: workflowView(stored), created };
    } catch (err) {
      if ((err as { code?: string }).code === 'WEFT_ERR_STORE_VERSION_EXISTS') {
        throw new ApiError(API_ERROR_CODES.conflict, `workflow ${record.namespace}/${record.name} version ${record.version} is already registered with other content; versions are immutable, register a new version`, { pointer: '/document/version' }, { cause: err });
      }
      throw err;
    }
  }

  async list(): Promise<WorkflowView[]> {
    return (await this.o.store.list()).map(workflowView);
  }

  async versions(namespace: string, name: string): Promise<WorkflowView[]> {
    const all = await this.o.store.versions(namespace, name);
    if (!all.length) throw notFound(`workflow ${namespace}/${name}`);
    return all.map(workflowView);
  }

  async get(namespace: string, name: string, version: string): Promise<WorkflowDetail> {
    const w = await this.o.store.get(namespace, name, version);
    if (!w) throw notFound(`workflow ${namespace}/${name} version ${version}`);
    return workflowDetail(w);
  }

  /** The definition to run: the named version, or the highest. */
  async definition(namespace: string, name: string, version?: string): Promise<WorkflowRecord> {
    const w = await this.o.store.get(namespace, name, version);
    if (!w) throw notFound(version ? `workflow ${namespace}/${name} version ${version}` : `workflow ${namespace}/${name}`);
    return w;
  }
}

/** Registered workflows as the engine's WorkflowRegistry, for `run: workflow`. */
export function storeRegistry(store: WorkflowStore): WorkflowRegistry {
  return {
    get: async (ref: WorkflowRef) => (await store.get(ref.namespace, ref.name, ref.version && ref.version !== 'latest' ? ref.version : undefined))?.definition,
  };
}
