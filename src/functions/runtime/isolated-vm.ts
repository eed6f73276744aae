/**
 * Loads isolated-vm. No single isolated-vm line covers every Node that Weft supports: 7.x (the current
 * line) needs Node ≥ 24 and 6.x (still maintained) serves Node 22. Both are optional dependencies —
 * `isolated-vm` (7.x) and `isolated-vm-node22` (6.x, an npm alias) — and npm skips the one whose `engines`
 * exclude the running Node. The first that loads is used; when none does, `selectRuntime()` falls back to
 * worker threads and says why. The type comes from whichever is installed (tsconfig `paths`); the two
 * lines share the API used here.
 */
import { createRequire } from 'node:module';
import type IsolatedVm from 'isolated-vm';

/** In order of preference: the current line first. */
export const ISOLATED_VM_PACKAGES = ['isolated-vm', 'isolated-vm-node22'] as const;

export interface LoadedIsolatedVm {
  ivm: typeof IsolatedVm;
  /** Which of ISOLATED_VM_PACKAGES it is, and its version (for the start-up line and the bench reports). */
  name: string;
  version: string;
}

/** Loads the first package that loads, or throws with each one's reason (the `cause` holds the first error). */
export function loadIsolatedVm(packages: readonly string[] = ISOLATED_VM_PACKAGES, from: string = import.meta.url): LoadedIsolatedVm {
  const require = createRequire(from);
  const reasons: string[] = [];
  let first: unknown;
  for (const name of packages) {
    try {
      const ivm = require(name) as typeof IsolatedVm;
      const { version } = require(`${name}/package.json`) as { version: string };
      return { ivm, name, version };
    } catch (err) {
      first ??= err;
      reasons.push(`${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
  throw new Error(`isolated-vm could not be loaded (${reasons.join('; ')})`, { cause: first });
}
