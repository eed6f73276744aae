/**
 * Compile-time scopes. Each variable, closure parameter and label owns one runtime frame, so a
 * reference compiles to a fixed number of hops up the environment. Function definitions own no frame:
 * a call walks back to the environment of the definition site.
 */
import type { Code } from './runtime.js';

export interface FnInfo {
  name: string;
  params: { name: string; isVar: boolean }[];
  /** Frames in scope where the function is defined; 0 for the prelude (its environment is the root). */
  depth: number;
  /** Set once the body is compiled; recursive calls read it at run time. */
  code: Code | null;
  /**
   * While the body compiles: whether recursive calls may assume the body yields exactly one value.
   * Recursion then runs on the callback-free path, which needs far less stack per level.
   */
  assumeOne?: boolean;
}

export type ScopeEntry =
  | { kind: 'var' | 'param' | 'label'; name: string }
  | { kind: 'fn'; name: string; arity: number; fn: FnInfo };

export interface Scope {
  readonly entry: ScopeEntry;
  readonly parent: Scope | null;
  /** Runtime frames up to and including this entry. */
  readonly depth: number;
}

export function depthOf(scope: Scope | null): number {
  return scope ? scope.depth : 0;
}

export function extend(scope: Scope | null, entry: ScopeEntry): Scope {
  const frames = entry.kind === 'fn' ? 0 : 1;
  return { entry, parent: scope, depth: depthOf(scope) + frames };
}

export function lookupFrame(scope: Scope | null, kind: 'var' | 'param' | 'label', name: string): number | undefined {
  const here = depthOf(scope);
  for (let s = scope; s; s = s.parent) {
    const e = s.entry;
    if (e.kind === kind && e.name === name) return here - s.depth;
  }
  return undefined;
}

/** Finds a function or (for arity 0) a closure parameter by name and arity. */
export function lookupCallable(
  scope: Scope | null,
  name: string,
  arity: number,
): { kind: 'fn'; fn: FnInfo } | { kind: 'param'; hops: number } | undefined {
  const here = depthOf(scope);
  for (let s = scope; s; s = s.parent) {
    const e = s.entry;
    if (e.kind === 'fn' && e.name === name && e.arity === arity) return { kind: 'fn', fn: e.fn };
    if (e.kind === 'param' && arity === 0 && e.name === name) return { kind: 'param', hops: here - s.depth };
  }
  return undefined;
}
