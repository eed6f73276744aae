/**
 * Loading and saving a workflow through the API. A save registers a NEW version: when the document's
 * version is already registered, the next patch version above the highest is written into it first —
 * into the YAML text, with comments and layout kept (yaml's Document API), not into a re-print.
 */
import { parseDocument } from 'yaml';
import { api } from '../../api/client.js';
import type { Document } from '../../model/index.js';

export interface WorkflowVersion {
  namespace: string;
  name: string;
  version: string;
  source?: string;
  definition?: Document;
}

const path = (ns: string, name: string) => `/api/v1/workflows/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`;

/**
 * The highest version's source, or null when the workflow does not exist yet. Found through the list
 * (which names each workflow's highest version): one request fewer than asking for the versions, and
 * a new workflow's 404 would be logged by the browser as a failed load.
 */
export async function loadWorkflow(namespace: string, name: string): Promise<{ source: string; version: string } | null> {
  const all = (await api<{ items: WorkflowVersion[] }>('/api/v1/workflows')).items;
  const found = all.find((w) => w.namespace === namespace && w.name === name);
  if (!found) return null;
  const latest = await api<WorkflowVersion>(`${path(namespace, name)}/versions/${encodeURIComponent(found.version)}`);
  return { source: latest.source ?? JSON.stringify(latest.definition, null, 2), version: found.version };
}

/** Every registered version of a workflow (none when it does not exist yet). */
async function registeredVersions(namespace: string, name: string): Promise<string[]> {
  const all = (await api<{ items: WorkflowVersion[] }>('/api/v1/workflows')).items;
  if (!all.some((w) => w.namespace === namespace && w.name === name)) return [];
  return (await api<{ versions: WorkflowVersion[] }>(path(namespace, name))).versions.map((v) => v.version);
}

export function newWorkflow(namespace: string, name: string): Document {
  return { document: { dsl: '1.0.0', namespace, name, version: '0.1.0' }, do: [] };
}

/** Semver-ish compare of x.y.z (pre-release tags sort by text): enough to find the highest. */
function compare(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pb = b.split(/[.+-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

export function nextVersion(versions: string[]): string {
  const highest = [...versions].sort(compare).at(-1) ?? '0.0.0';
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(highest);
  return m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : `${highest}.1`;
}

export interface Saved {
  namespace: string;
  name: string;
  version: string;
  source: string;
}

/** Registers the YAML as a new version (bumped when its version is taken); returns what was saved. */
export async function saveWorkflow(yamlText: string, doc: Document): Promise<Saved> {
  const header = (doc.document ?? {}) as Record<string, unknown>;
  const versions = await registeredVersions(String(header.namespace), String(header.name));
  let source = yamlText;
  if (versions.includes(String(header.version))) {
    const text = parseDocument(yamlText);
    text.setIn(['document', 'version'], nextVersion(versions));
    source = text.toString({ lineWidth: 0 });
  }
  const saved = await api<WorkflowVersion>('/api/v1/workflows', { method: 'PUT', body: source, contentType: 'application/yaml' });
  return { namespace: saved.namespace, name: saved.name, version: saved.version, source };
}
