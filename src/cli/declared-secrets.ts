/**
 * What the engine reads as a run's `$secrets`: the run's secrets (namespace-grants.ts), and a clear
 * `configuration` fault when a secret its document declares in `use.secrets` cannot be read — not set,
 * or held by another namespace that does not grant it — instead of a silent `null` sent on as an empty
 * credential. Views keep using the lenient reader (they only mask).
 */
import type { Json } from '../shared/index.js';
import type { Secrets } from '../ports/index.js';
import { workflowError } from '../engine/index.js';
import { declaredSecrets } from '../security/index.js';

export function requireDeclared(secrets: Secrets): Secrets {
  return {
    ...secrets,
    all(run) {
      const got = secrets.all(run);
      if (!run) return got;
      const missing = declaredSecrets(run.definition).filter((name) => !Object.hasOwn(got, name));
      if (missing.length) {
        const list = missing.map((n) => `'${n}'`).join(', ');
        throw workflowError(
          'configuration',
          `secret${missing.length > 1 ? 's' : ''} ${list}, declared in use.secrets, cannot be read by namespace ${run.namespace}: not set, or another namespace holds ${missing.length > 1 ? 'them' : 'it'} without granting it (weft secrets grant <namespace>/<name> --namespace ${run.namespace})`,
        );
      }
      return got as Record<string, Json>;
    },
  };
}
