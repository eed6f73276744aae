/**
 * What both WorkflowStore adapters agree on: a workflow version is checked and encoded when the call is
 * made, its definition is kept as JSON text (so it reads back identically from both adapters), and
 * versions are ordered by semver precedence (the function store's ordering, function-encoding.ts).
 */
import type { WorkflowRecord } from '../ports/index.js';
import { checkTime, compareText, encodeJson } from './encoding.js';
import { invalid } from './errors.js';
import { compareVersionsDesc } from './function-encoding.js';

export interface EncodedWorkflow {
  namespace: string;
  name: string;
  version: string;
  /** The definition as JSON text. */
  definition: string;
  source: string;
  hash: string;
  createdAt: number;
}

function checkString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${what} must be a non-empty string`);
  return value;
}

export function encodeWorkflow(w: WorkflowRecord): EncodedWorkflow {
  if (!w || typeof w !== 'object') throw invalid('workflow must be an object');
  if (!w.definition || typeof w.definition !== 'object' || Array.isArray(w.definition)) throw invalid('workflow definition must be an object');
  if (typeof w.source !== 'string') throw invalid('workflow source must be a string');
  return {
    namespace: checkString(w.namespace, 'workflow namespace'),
    name: checkString(w.name, 'workflow name'),
    version: checkString(w.version, 'workflow version'),
    definition: encodeJson(w.definition, 'workflow definition'),
    source: w.source,
    hash: checkString(w.hash, 'workflow hash'),
    createdAt: checkTime(w.createdAt, 'workflow createdAt'),
  };
}

export function decodeWorkflow(row: EncodedWorkflow): WorkflowRecord {
  return {
    namespace: row.namespace,
    name: row.name,
    version: row.version,
    definition: JSON.parse(row.definition) as WorkflowRecord['definition'],
    source: row.source,
    hash: row.hash,
    createdAt: row.createdAt,
  };
}

type Key = { namespace: string; name: string; version: string };

/** The highest version among `rows` (all of one workflow), or undefined when there are none. */
export function highest<T extends { version: string }>(rows: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const r of rows) if (!best || compareVersionsDesc(r.version, best.version) < 0) best = r;
  return best;
}

/** The highest version of each (namespace, name), ordered by namespace then name. */
export function highestPerWorkflow<T extends Key>(rows: readonly T[]): T[] {
  const byWorkflow = new Map<string, T[]>();
  for (const r of rows) {
    // JSON of the pair: no separator character can make two different pairs collide.
    const id = JSON.stringify([r.namespace, r.name]);
    const list = byWorkflow.get(id);
    if (list) list.push(r);
    else byWorkflow.set(id, [r]);
  }
  return [...byWorkflow.values()]
    .map((list) => highest(list)!)
    .sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name));
}

/** Highest first (semver precedence). */
export const byVersionDesc = (a: { version: string }, b: { version: string }): number => compareVersionsDesc(a.version, b.version);
