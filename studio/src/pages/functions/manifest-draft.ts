/**
 * The manifest form's text fields ⇄ the manifest sent with a deploy. Pure (unit-tested). Fields the form
 * does not show (egress, secrets, concurrency, webhook…) are carried over from the newest version, so
 * that deploying from the studio never silently drops them.
 */
import type { Manifest } from './function-types.js';

export interface ManifestDraft {
  version: string;
  description: string;
  timeoutMs: string;
  memoryMb: string;
  /** JSON Schema texts; '' = none. */
  input: string;
  output: string;
}

export type DraftErrors = Partial<Record<keyof ManifestDraft, string>>;

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The version after `v`: the patch number bumped (1.2.3 → 1.2.4); non-semver stays as it is. */
export function nextVersion(v: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  return m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : v;
}

export function draftOf(m: Manifest | undefined): ManifestDraft {
  const schema = (s: unknown) => (s === undefined ? '' : JSON.stringify(s, null, 2));
  return {
    version: m ? nextVersion(m.version) : '1.0.0',
    description: m?.description ?? '',
    timeoutMs: String(m?.timeoutMs ?? 10_000),
    memoryMb: String(m?.memoryMb ?? 64),
    input: schema(m?.input),
    output: schema(m?.output),
  };
}

function integer(text: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(text.trim())) return `a whole number from ${min} to ${max}`;
  const n = Number(text);
  return n < min || n > max ? `a whole number from ${min} to ${max}` : n;
}

function schema(text: string): unknown {
  if (!text.trim()) return undefined;
  const v: unknown = JSON.parse(text);
  if (typeof v !== 'object' && typeof v !== 'boolean') throw new Error('a JSON Schema is an object (or true/false)');
  return v;
}

/** The manifest to deploy, or the fields' problems. Limits mirror the server's manifest schema. */
export function manifestOf(name: string, d: ManifestDraft, base?: Manifest): { manifest: Manifest } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  if (!SEMVER.test(d.version.trim())) errors.version = 'a semantic version, e.g. 1.0.0';
  const timeoutMs = integer(d.timeoutMs, 1, 900_000);
  if (typeof timeoutMs === 'string') errors.timeoutMs = timeoutMs;
  const memoryMb = integer(d.memoryMb, 8, 1024);
  if (typeof memoryMb === 'string') errors.memoryMb = memoryMb;
  const schemas: { input?: unknown; output?: unknown } = {};
  for (const field of ['input', 'output'] as const) {
    try {
      schemas[field] = schema(d[field]);
    } catch (e) {
      errors[field] = e instanceof SyntaxError ? `not JSON: ${e.message}` : (e as Error).message;
    }
  }
  if (Object.keys(errors).length) return { errors };
  // Carried over from the newest version: everything but what identifies a version or the form sets.
  const { name: _n, version: _v, description: _d, input: _i, output: _o, ...kept } = base ?? ({} as Partial<Manifest>);
  return {
    manifest: {
      ...kept,
      name,
      version: d.version.trim(),
      ...(d.description.trim() ? { description: d.description.trim() } : {}),
      timeoutMs: timeoutMs as number,
      memoryMb: memoryMb as number,
      ...(schemas.input !== undefined ? { input: schemas.input } : {}),
      ...(schemas.output !== undefined ? { output: schemas.output } : {}),
    },
  };
}
