/**
 * What the split-out compilers (bindings, calls) need of the main compiler: compile a sub-node, fail
 * with a syntax error, read the context. An interface of its own so that they do not import
 * compiler.ts, which imports them (no import cycle).
 */
import type { Node } from './ast.js';
import type { Code } from './runtime.js';
import type { FnInfo, Scope } from './scope.js';

export interface CompilerContext {
  src: string;
  /** Prelude functions by `name/arity`. */
  globals: Map<string, FnInfo>;
}

export interface NodeCompiler {
  readonly ctx: CompilerContext;
  fail(message: string, node: { pos: number }): never;
  compile(node: Node, scope: Scope | null): Code;
}
