/**
 * Where the editor's starting source comes from. The server keeps only a version's bundle (esbuild
 * output), not the TypeScript it was built from, so the studio remembers the source of every version
 * it deployed in local storage; a version deployed some other way (the CLI, `weft dev`) starts from the
 * template instead.
 */

const key = (name: string, version: string) => `weft.functionSource.${name}@${version}`;

export function rememberSource(name: string, version: string, source: string): void {
  try {
    localStorage.setItem(key(name, version), source);
  } catch {
    // Storage full or disabled: the deploy happened, only the convenience is lost.
  }
}

export function rememberedSource(name: string, version: string): string | null {
  try {
    return localStorage.getItem(key(name, version));
  } catch {
    return null;
  }
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
