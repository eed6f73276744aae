/**
 * `weft dev --dir <project>`: registers the folder's workflows (`*.yaml|*.yml|*.json`, not weft.json),
 * deploys its functions (folders holding a weft.json), registers event types (`*.event-type.yaml|json`:
 * `{type, schema}`) and subscriptions (`*.subscription.yaml|json`: `{name, filter, target, maxAttempts}`),
 * then does it again for what changes.
 * Versions are immutable: a workflow or function changed without a new version becomes the next free
 * patch version (next-patch.ts), with a note saying so.
 */
import { existsSync, readFileSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_DOCUMENT_LIMITS, parseDocument } from '../dsl/index.js';
import { API_ERROR_CODES, type FunctionsApi, type Platform } from '../platform/index.js';
import { DEPLOY_ERROR_CODES, MANIFEST_FILE, readManifestFile, sourceFromPath } from '../functions/index.js';
import { documentVersion, orNextPatch, withDocumentVersion } from './next-patch.js';
import { EVENT_TYPE_FILE, SUBSCRIPTION_FILE } from '../events/index.js';
import { problemOf } from './problem.js';

export interface LoadReport {
  path: string;
  kind: 'workflow' | 'function' | 'event type' | 'subscription';
  outcome: 'registered' | 'unchanged' | 'failed';
  what?: string;
  detail?: string;
  /** Why it was registered under another version than its file says. */
  note?: string;
}

const WORKFLOW_FILE = /\.(ya?ml|json)$/i;
const SKIP = new Set(['node_modules', '.git', '.weft']);

/** Function folders (holding weft.json) and workflow files under `dir`. */
function scan(dir: string): { functions: string[]; workflows: string[]; eventTypes: string[]; subscriptions: string[] } {
  const out = { functions: [] as string[], workflows: [] as string[], eventTypes: [] as string[], subscriptions: [] as string[] };
  const walk = (d: string) => {
    if (existsSync(join(d, MANIFEST_FILE))) {
      out.functions.push(d);
      return; // a function folder's files are its modules, not workflows
    }
    for (const name of readdirSync(d).sort()) {
      if (SKIP.has(name) || name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (EVENT_TYPE_FILE.test(name)) out.eventTypes.push(p);
      else if (SUBSCRIPTION_FILE.test(name)) out.subscriptions.push(p);
      else if (WORKFLOW_FILE.test(name) && name !== 'package.json' && !name.startsWith('tsconfig')) out.workflows.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * A document file's text; a file over the document size bound is not read at all (the parser would
 * refuse its text anyway).
 */
export function readDocumentFile(file: string): string {
  const size = statSync(file).size;
  if (size > DEFAULT_DOCUMENT_LIMITS.maxBytes) throw new Error(`${file} is ${size} bytes, over the ${DEFAULT_DOCUMENT_LIMITS.maxBytes}-byte bound for documents`);
  return readFileSync(file, 'utf8');
}

/** A YAML or JSON file's object, parsed within the same bounds as a document sent to the API. */
function readObject(file: string): Record<string, unknown> {
  const { document, problems } = parseDocument(readDocumentFile(file), { filename: file });
  const error = problems.find((p) => p.severity === 'error');
  if (error) throw new Error(error.pointer ? `${error.pointer}: ${error.message}` : error.message);
  if (document === null || typeof document !== 'object' || Array.isArray(document)) throw new Error('expected an object');
  return document as Record<string, unknown>;
}

/** The codes of "this version exists with other content" (a workflow: the API's conflict; a function's own). */
const WORKFLOW_VERSION_EXISTS = API_ERROR_CODES.conflict;
const FN_VERSION_EXISTS = DEPLOY_ERROR_CODES.versionExists;
const codeOf = (err: unknown): unknown => (err as { code?: unknown } | null)?.code;
const editNote = (from: string, to: string, field: string) => `${from} is registered with other content, so this edit is ${to}; set ${field} to choose the version`;

export async function loadProject(platform: Platform, dir: string): Promise<LoadReport[]> {
  const { functions, workflows, eventTypes, subscriptions } = scan(dir);
  const reports: LoadReport[] = [];
  for (const f of eventTypes) {
    const path = relative(dir, f);
    try {
      const t = readObject(f);
      const { created } = await platform.events.putType(String(t.type), t.schema as never);
      reports.push({ path, kind: 'event type', outcome: created ? 'registered' : 'unchanged', what: String(t.type) });
    } catch (err) {
      reports.push({ path, kind: 'event type', outcome: 'failed', detail: problemOf(err).detail });
    }
  }
  // Functions first: workflows may call them.
  for (const f of functions) reports.push(await loadFunction(platform, dir, f));
  for (const w of workflows) {
    const path = relative(dir, w);
    try {
      const text = readDocumentFile(w);
      const register = (v?: string) => platform.workflows.register(v ? withDocumentVersion(text, v) : text);
      const { result, bumped } = await orNextPatch(() => register(), () => documentVersion(text), register, (e) => codeOf(e) === WORKFLOW_VERSION_EXISTS);
      const { workflow, created } = result;
      reports.push({ path, kind: 'workflow', outcome: created ? 'registered' : 'unchanged', what: `${workflow.namespace}/${workflow.name}@${workflow.version}`, ...(bumped ? { note: editNote(String(documentVersion(text)), bumped, 'document.version') } : {}) });
    } catch (err) {
      reports.push({ path, kind: 'workflow', outcome: 'failed', detail: problemOf(err).detail });
    }
  }
  // Subscriptions last: their targets exist by now.
  for (const f of subscriptions) {
    const path = relative(dir, f);
    try {
      const s = readObject(f);
      const { subscription, created } = await platform.events.putSubscription(String(s.name), s as never);
      reports.push({ path, kind: 'subscription', outcome: created ? 'registered' : 'unchanged', what: subscription.name });
    } catch (err) {
      reports.push({ path, kind: 'subscription', outcome: 'failed', detail: problemOf(err).detail });
    }
  }
  return reports;
}

/** Deploys one function folder (an unversioned edit as the next patch version) and says what happened. */
async function loadFunction(platform: { functions: Pick<FunctionsApi, 'deploy'> }, dir: string, f: string): Promise<LoadReport> {
  const path = relative(dir, f) || '.';
  try {
    const source = sourceFromPath(f);
    // The manifest is read again only when its version turns out to be taken.
    const manifest = () => readManifestFile(source) as Record<string, unknown>;
    const deploy = (version?: string) => platform.functions.deploy(source, version ? ({ ...manifest(), version } as never) : undefined);
    const { result, bumped } = await orNextPatch(() => deploy(), () => String(manifest().version), deploy, (e) => codeOf(e) === FN_VERSION_EXISTS);
    const { function: v, created } = result;
    return { path, kind: 'function', outcome: created ? 'registered' : 'unchanged', what: `${v.name}@${v.version}`, ...(bumped ? { note: editNote(String(manifest().version), bumped, '"version" in weft.json') } : {}) };
  } catch (err) {
    return { path, kind: 'function', outcome: 'failed', detail: problemOf(err).detail };
  }
}

/** `weft run --functions <dir>`: deploys the function folders under `dir` (nothing else), locally or on a server. */
export async function loadFunctions(platform: { functions: Pick<FunctionsApi, 'deploy'> }, dir: string): Promise<LoadReport[]> {
  const reports: LoadReport[] = [];
  for (const f of scan(dir).functions) reports.push(await loadFunction(platform, dir, f));
  return reports;
}

/** Reloads the project when files under `dir` change (debounced); returns a stop function. */
export function watchProject(dir: string, reload: () => Promise<void>, debounceMs = 200): () => void {
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { recursive: true }, (_event, file) => {
      if (file && file.split(/[\\/]/).some((part) => SKIP.has(part))) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(reload, reload);
      }, debounceMs);
    });
  } catch {
    return () => {}; // no recursive watch on this platform: reload by restarting
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
