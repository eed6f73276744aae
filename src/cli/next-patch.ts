/**
 * `weft dev` and immutable versions: a watched workflow or function edited without a new version would be
 * refused on every reload. Instead the edit becomes the next free patch version (1.0.0 → 1.0.1 → …), and
 * the loader says so; an edit identical to one of those is found again (unchanged), not registered twice.
 */
import { parseDocument } from 'yaml';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

/** How many patch versions to try before giving up (each try compiles the document). */
const MAX_STEPS = 200;

/** `version` with its patch number raised by `step`, or undefined when it is not a plain x.y.z. */
export function nextPatch(version: string, step: number): string | undefined {
  const m = SEMVER.exec(version);
  return m ? `${m[1]}.${m[2]}.${Number(m[3]) + step}` : undefined;
}

/**
 * Tries `attempt` with each next patch version until one is not `taken` (free, or holding this same
 * content). Undefined when `version` is not x.y.z or every step was taken.
 */
export async function asNextPatch<T>(version: string, attempt: (v: string) => Promise<T>, taken: (err: unknown) => boolean): Promise<{ result: T; version: string } | undefined> {
  for (let step = 1; step <= MAX_STEPS; step++) {
    const v = nextPatch(version, step);
    if (v === undefined) return undefined;
    try {
      return { result: await attempt(v), version: v };
    } catch (err) {
      if (!taken(err)) throw err;
    }
  }
  return undefined;
}

/**
 * `first()` (the version the file says); when that version exists with other content (`taken`), the next
 * free patch version through `attempt`. `bumped` is the version used instead, if any. `version` is read
 * only then: a reload that changes nothing parses nothing twice.
 */
export async function orNextPatch<T>(first: () => Promise<T>, version: () => string | undefined, attempt: (v: string) => Promise<T>, taken: (err: unknown) => boolean): Promise<{ result: T; bumped?: string }> {
  try {
    return { result: await first() };
  } catch (err) {
    const base = taken(err) ? version() : undefined;
    const again = base !== undefined ? await asNextPatch(base, attempt, taken) : undefined;
    if (!again) throw err;
    return { result: again.result, bumped: again.version };
  }
}

/** A workflow document's text (YAML or JSON) with `document.version` replaced; comments and layout stay. */
export function withDocumentVersion(text: string, version: string): string {
  const doc = parseDocument(text);
  doc.setIn(['document', 'version'], version);
  return String(doc);
}

/** `document.version` of a workflow document's text, if it has one. */
export function documentVersion(text: string): string | undefined {
  const v = parseDocument(text).getIn(['document', 'version']);
  return typeof v === 'string' ? v : undefined;
}
