/**
 * Grant list edits: who else may read a secret — other namespaces' workflows, functions (`*`: all).
 * Typed as a list separated by commas or spaces; each entry checked as the vault checks it. Pure
 * (unit-tested).
 */
import { FUNCTION_GRANT_PATTERN, type GrantBody, NAMESPACE_PATTERN, type Secret } from './secret-types.js';

export type GrantKind = 'namespaces' | 'functions';

/** The entries of `text`, in order, each once; or the first that is not a namespace (function) or `*`. */
export function parseGrantEntries(kind: GrantKind, text: string): { entries: string[] } | { error: string } {
  const entries = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  if (entries.length === 0) return { error: kind === 'namespaces' ? 'enter a namespace, or * for every namespace' : 'enter a function name, or * for every function' };
  for (const e of entries) {
    const ok = kind === 'namespaces' ? e === '*' || NAMESPACE_PATTERN.test(e) : FUNCTION_GRANT_PATTERN.test(e);
    if (!ok) return { error: kind === 'namespaces' ? `'${e}' is not a namespace (letters, digits and '-') or *` : `'${e}' is not a function name (lower-case letters, digits and '-', starting with a letter) or *` };
  }
  if (entries.length > 100) return { error: 'at most 100 at a time' };
  return { entries };
}

/** Of `entries`, those not granted yet (what an add changes). */
export function notGrantedYet(current: readonly string[], entries: readonly string[]): string[] {
  return entries.filter((e) => !current.includes(e));
}

/** The body of `POST …/grants` adding (or, with revoke, removing) `entries`. */
export function grantBody(kind: GrantKind, entries: string[], revoke = false): GrantBody {
  return kind === 'namespaces' ? { namespaces: entries, ...(revoke ? { revoke: true } : {}) } : { functions: entries, ...(revoke ? { revoke: true } : {}) };
}

/** The grants in one line for the list: `namespaces: ops, *; functions: charge`, or '' for none. */
export function grantsSummary(grants: Secret['grants']): string {
  const parts: string[] = [];
  if (grants.namespaces.length) parts.push(`namespaces: ${grants.namespaces.join(', ')}`);
  if (grants.functions.length) parts.push(`functions: ${grants.functions.join(', ')}`);
  return parts.join('; ');
}
