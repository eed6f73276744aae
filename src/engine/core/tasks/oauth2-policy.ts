/**
 * The DSL's `oauth2` and `oidc` authentication policies, checked into the OAuth2Grant the HTTP client
 * acts on (it fetches the token: I/O, outside the pure core). Supported grants are the ones a workflow
 * can use unattended: `client_credentials` and `password`; client authentication `client_secret_basic`
 * (the default), `client_secret_post` or `none`. Anything else is a `configuration` fault naming it.
 */
import type { Json } from '../../../shared/index.js';
import type { OAuth2Grant } from '../../../contracts/index.js';
import { workflowError } from '../errors.js';

type Obj = Record<string, Json>;
const isObj = (v: Json | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const GRANTS = ['client_credentials', 'password'] as const;
const CLIENT_AUTH = ['client_secret_basic', 'client_secret_post', 'none'] as const;
const ENCODINGS = ['application/x-www-form-urlencoded', 'application/json'] as const;

function strings(v: Json | undefined, what: string, pointer: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw workflowError('configuration', `${what} must be a list of strings`, pointer);
  return v as string[];
}

/** `p`: the evaluated properties (inline, or the secret a `{ use }` names). */
export function oauth2Grant(kind: 'oauth2' | 'oidc', p: Json, pointer: string): OAuth2Grant {
  const bad = (detail: string) => workflowError('configuration', `${kind} authentication: ${detail}`, pointer);
  if (!isObj(p)) throw bad('its properties must be an object (authority, grant, client, …)');
  if (typeof p.authority !== 'string' || !/^https?:\/\//i.test(p.authority)) throw bad('needs an authority (an http or https URL)');
  const grant = p.grant ?? 'client_credentials';
  if (!(GRANTS as readonly Json[]).includes(grant)) throw bad(`grant '${String(grant)}' is not supported (${GRANTS.join(', ')})`);
  const client = isObj(p.client) ? p.client : {};
  const auth = client.authentication ?? 'client_secret_basic';
  if (!(CLIENT_AUTH as readonly Json[]).includes(auth)) throw bad(`client authentication '${String(auth)}' is not supported (${CLIENT_AUTH.join(', ')})`);
  if (auth !== 'none' && (typeof client.id !== 'string' || typeof client.secret !== 'string')) throw bad(`client authentication ${String(auth)} needs client.id and client.secret`);
  const encoding = isObj(p.request) && p.request.encoding !== undefined ? p.request.encoding : 'application/x-www-form-urlencoded';
  if (!(ENCODINGS as readonly Json[]).includes(encoding)) throw bad(`request encoding '${String(encoding)}' is not supported`);
  if (grant === 'password' && (typeof p.username !== 'string' || typeof p.password !== 'string')) throw bad('the password grant needs a username and a password');
  const tokenPath = isObj(p.endpoints) && typeof p.endpoints.token === 'string' ? p.endpoints.token : undefined;
  const scopes = strings(p.scopes, `${kind} scopes`, pointer);
  const audiences = strings(p.audiences, `${kind} audiences`, pointer);
  return {
    kind,
    authority: p.authority,
    ...(tokenPath ? { tokenPath } : {}),
    grant: grant as OAuth2Grant['grant'],
    client: { ...(typeof client.id === 'string' ? { id: client.id } : {}), ...(typeof client.secret === 'string' ? { secret: client.secret } : {}), authentication: auth as OAuth2Grant['client']['authentication'] },
    encoding: encoding as OAuth2Grant['encoding'],
    ...(scopes ? { scopes } : {}),
    ...(audiences ? { audiences } : {}),
    ...(grant === 'password' ? { username: p.username as string, password: p.password as string } : {}),
  };
}
