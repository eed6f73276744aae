/**
 * Where the editor's starting source comes from. The server keeps the source files of every version
 * (`GET /api/v1/functions/:name/versions/:version/source`), whoever deployed it (the studio, the API, the
 * CLI, `weft dev`). Versions deployed before the server kept sources, or whose sources were over 1 MB,
 * have none there: for those, the source this browser deployed (remembered in local storage by earlier
 * studios) is the fallback, and otherwise nothing.
 */
import { ApiProblem, api } from '../../api/client.js';

/** A version's modules by relative path and the entry module (a key of `files`). */
export interface LoadedSource {
  files: Record<string, string>;
  entry: string;
  /** Where it came from: the server's stored source, or this browser's local storage. */
  from: 'server' | 'browser';
}

const key = (name: string, version: string) => `weft.functionSource.${name}@${version}`;

export function rememberedSource(name: string, version: string): string | null {
  try {
    return localStorage.getItem(key(name, version));
  } catch {
    return null;
  }
}

/** The source of `name@version`: the server's, else this browser's; null when neither has it. */
export async function loadSource(name: string, version: string): Promise<LoadedSource | null> {
  try {
    const s = await api<{ entry: string; files: Record<string, string> }>(`/api/v1/functions/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/source`);
    if (s.files[s.entry] !== undefined) return { files: s.files, entry: s.entry, from: 'server' };
  } catch (e) {
    // 404: an unknown version, or one deployed before sources were kept. Anything else is a real failure.
    if (!(e instanceof ApiProblem && e.status === 404)) throw e;
  }
  const remembered = rememberedSource(name, version);
  return remembered === null ? null : { files: { 'index.ts': remembered }, entry: 'index.ts', from: 'browser' };
}

/** What a deploy sends: several modules as `files` + `entry`, one as `source`. */
export function deployBody(files: Record<string, string>, entry: string): { files: Record<string, string>; entry: string } | { source: string } {
  return Object.keys(files).length > 1 ? { files, entry } : { source: files[entry] ?? '' };
}

/** A new function's starting point: typed input and output, the context's logger. */
export function template(name: string): string {
  return `// ${name}: a Weft function. The default export receives the input (JSON) and the context.
interface Input {
  name?: string;
}

export default async function (input: Input, ctx: { log: { info(message: string): void } }) {
  ctx.log.info(\`greeting \${input.name ?? 'world'}\`);
  return { greeting: \`Hello, \${input.name ?? 'world'}!\` };
}
`;
}
