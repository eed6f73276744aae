/**
 * `weft secrets set|rotate|list|show|grant|delete|rekey|keygen`: the secret vault, on the local database
 * (its master key from WEFT_MASTER_KEY, else the development key file beside a SQLite database) or a
 * server (`--server`). A value is never taken from the command line, where shell history and `ps` would
 * keep it: it comes from stdin, a file (`--from-file`) or an environment variable (`--from-env`). No
 * command prints a value.
 */
import { readFileSync } from 'node:fs';
import type { SecretView } from '../contracts/index.js';
import { generateMasterKey } from '../security/index.js';
import type { Json } from '../shared/index.js';
import { type Target, withPlatform } from './cli-platform.js';
import { type Io, problemOf, reportProblem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';

/** `namespace/NAME`, or `NAME` in namespace `default`. */
export function parseSecretRef(text: string): { namespace: string; name: string } {
  const slash = text.indexOf('/');
  return slash < 0 ? { namespace: 'default', name: text } : { namespace: text.slice(0, slash), name: text.slice(slash + 1) };
}

export interface ValueSource {
  fromFile?: string;
  fromEnv?: string;
  /** The value is a JSON object (`{"username": …, "password": …}`), not text. */
  jsonValue?: boolean;
}

/** Reads stdin to its end (the value piped in: `printf %s "$TOKEN" | weft secrets set …`). */
export type ReadStdin = () => string;

export const readProcessStdin: ReadStdin = () => (process.stdin.isTTY ? '' : readFileSync(0, 'utf8'));

function readValue(o: ValueSource, stdin: ReadStdin): Json {
  if (o.fromFile !== undefined && o.fromEnv !== undefined) throw usageProblem(CLI_ERROR_CODES.arg, 'use either --from-file or --from-env (or stdin), not both');
  let text: string;
  if (o.fromEnv !== undefined) {
    const v = process.env[o.fromEnv];
    if (v === undefined) throw usageProblem(CLI_ERROR_CODES.arg, `--from-env ${o.fromEnv}: the variable is not set`);
    text = v;
  } else if (o.fromFile !== undefined) {
    try {
      text = readFileSync(o.fromFile, 'utf8');
    } catch (err) {
      throw usageProblem(CLI_ERROR_CODES.file, `cannot read ${o.fromFile}: ${(err as Error).message}`);
    }
  } else {
    text = stdin();
    if (!text) throw usageProblem(CLI_ERROR_CODES.arg, 'no value: pipe it in (printf %s "$VALUE" | weft secrets set …), or use --from-file or --from-env; values are never taken as arguments');
  }
  // One trailing newline is the file's or the echo's, not the secret's.
  text = text.replace(/\r?\n$/, '');
  if (!o.jsonValue) return text;
  try {
    return JSON.parse(text) as Json;
  } catch {
    // Not the parser's message: it quotes the text, which would print the secret.
    throw usageProblem(CLI_ERROR_CODES.json, '--json-value: the value is not valid JSON');
  }
}

/** Seconds from `--overlap` or `--every`: a number, or with a unit (30s, 15m, 2h, 1d). */
function durationSeconds(text: string | undefined, flag = '--overlap'): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)(s|m|h|d)?$/.exec(text.trim());
  if (!m) throw usageProblem(CLI_ERROR_CODES.arg, `${flag} expects seconds or a duration like 15m, 2h, 1d; got '${text}'`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's'];
}

const line = (s: SecretView) =>
  `${s.namespace}/${s.name}  version ${s.version}${s.previous ? ` (previous ${s.previous.version} until ${s.previous.until})` : ''}  updated ${s.updatedAt}${
    s.grants.namespaces.length ? `  namespaces ${s.grants.namespaces.join(',')}` : ''
  }${s.grants.functions.length ? `  functions ${s.grants.functions.join(',')}` : ''}${s.rotation ? `  rotates by ${s.rotation.function}, next ${s.rotation.nextAt}` : ''}${s.description ? `  — ${s.description}` : ''}`;

/** Runs `f` after checking the flags; usage problems exit 2 before anything is opened. */
function guarded(o: { json?: boolean }, io: Io, f: () => Promise<number>): Promise<number> {
  try {
    return f();
  } catch (err) {
    reportProblem(io, problemOf(err), o.json);
    return Promise.resolve(2);
  }
}

export function secretsSet(ref: string, o: Target & ValueSource & { description?: string; overlap?: string }, io: Io, stdin: ReadStdin = readProcessStdin): Promise<number> {
  return guarded(o, io, () => {
    const { namespace, name } = parseSecretRef(ref);
    const value = readValue(o, stdin);
    const overlap = durationSeconds(o.overlap);
    return withPlatform({ ...o, vault: 'create' }, io, async (p) => {
      const { secret, created } = await p.secrets.put(namespace, name, { value: value as string, ...(o.description !== undefined ? { description: o.description } : {}), ...(overlap !== undefined ? { overlapSeconds: overlap } : {}) }, actor());
      io.out(o.json ? JSON.stringify(secret) : `${secret.namespace}/${secret.name} version ${secret.version} ${created ? 'created' : 'stored'}${secret.previous ? ` (version ${secret.previous.version} readable until ${secret.previous.until})` : ''}`);
      return 0;
    });
  });
}

export function secretsRotate(ref: string, o: Target & { function: string; overlap?: string }, io: Io): Promise<number> {
  return guarded(o, io, () => {
    const { namespace, name } = parseSecretRef(ref);
    const overlap = durationSeconds(o.overlap);
    return withPlatform({ ...o, vault: 'read' }, io, async (p) => {
      const secret = await p.secrets.rotate(namespace, name, o.function, actor(), overlap);
      io.out(o.json ? JSON.stringify(secret) : `${secret.namespace}/${secret.name} rotated to version ${secret.version} by ${o.function}`);
      return 0;
    });
  });
}

/** `weft secrets schedule <secret> --function <fn> --every <duration>`, or `--off`. */
export function secretsSchedule(ref: string, o: Target & { function?: string; every?: string; off?: boolean }, io: Io): Promise<number> {
  return guarded(o, io, () => {
    const { namespace, name } = parseSecretRef(ref);
    if (o.off ? o.function !== undefined || o.every !== undefined : o.function === undefined || o.every === undefined) {
      throw usageProblem(CLI_ERROR_CODES.arg, 'give --function <name[:ref]> and --every <duration> (e.g. 30d), or --off alone');
    }
    const every = durationSeconds(o.every, '--every');
    return withPlatform(o, io, async (p) => {
      const secret = await p.secrets.schedule(namespace, name, o.off ? undefined : { everySeconds: every!, function: o.function! });
      io.out(o.json ? JSON.stringify(secret) : secret.rotation ? `${secret.namespace}/${secret.name} rotates every ${o.every} by ${secret.rotation.function}; next at ${secret.rotation.nextAt}` : `${secret.namespace}/${secret.name}: no scheduled rotation`);
      return 0;
    });
  });
}

export function secretsList(namespace: string | undefined, o: Target, io: Io): Promise<number> {
  return withPlatform(o, io, async (p) => {
    const items = await p.secrets.list(namespace);
    if (o.json) io.out(JSON.stringify(items));
    else if (!items.length) io.out(namespace ? `no secrets in namespace ${namespace}` : 'no secrets');
    else for (const s of items) io.out(line(s));
    return 0;
  });
}

export function secretsShow(ref: string, o: Target, io: Io): Promise<number> {
  const { namespace, name } = parseSecretRef(ref);
  return withPlatform(o, io, async (p) => {
    const secret = await p.secrets.get(namespace, name);
    const versions = await p.secrets.versions(namespace, name);
    const usedBy = await p.secrets.usage(namespace, name);
    if (o.json) {
      io.out(JSON.stringify({ ...secret, versions, usedBy }));
      return 0;
    }
    io.out(line(secret));
    for (const v of versions) io.out(`  version ${v.version}  ${v.createdAt}  by ${v.createdBy}  master key ${v.masterKeyId}`);
    // Who read which version (written every few seconds by the server that ran them), never the value.
    io.out(usedBy.length ? 'used by:' : 'used by: nobody yet');
    for (const u of usedBy) io.out(`  version ${u.version}  ${u.kind} ${u.reader}  ${u.count} read${u.count === 1 ? '' : 's'}  last ${u.lastAt}  first ${u.firstAt}`);
    return 0;
  });
}

export function secretsGrant(ref: string, o: Target & { namespace?: string[]; function?: string[]; revoke?: boolean }, io: Io): Promise<number> {
  const { namespace, name } = parseSecretRef(ref);
  if (!o.namespace?.length && !o.function?.length) {
    reportProblem(io, usageProblem(CLI_ERROR_CODES.arg, 'name who: --namespace <ns> and/or --function <name> (repeatable; * for all)'), o.json);
    return Promise.resolve(2);
  }
  return withPlatform(o, io, async (p) => {
    const secret = await p.secrets.grant(namespace, name, { ...(o.namespace ? { namespaces: o.namespace } : {}), ...(o.function ? { functions: o.function } : {}), ...(o.revoke ? { revoke: true } : {}) });
    io.out(o.json ? JSON.stringify(secret) : line(secret));
    return 0;
  });
}

export function secretsDelete(ref: string, o: Target, io: Io): Promise<number> {
  const { namespace, name } = parseSecretRef(ref);
  return withPlatform(o, io, async (p) => {
    await p.secrets.delete(namespace, name);
    io.out(o.json ? JSON.stringify({ namespace, name, deleted: true }) : `${namespace}/${name} deleted`);
    return 0;
  });
}

export function secretsRekey(o: Target, io: Io): Promise<number> {
  return withPlatform({ ...o, vault: 'read' }, io, async (p) => {
    const r = await p.secrets.rekey();
    io.out(o.json ? JSON.stringify(r) : `${r.rewrapped} data key${r.rewrapped === 1 ? '' : 's'} re-wrapped under master key ${r.masterKeyId}; WEFT_MASTER_KEY_PREVIOUS can go`);
    return 0;
  });
}

export function secretsKeygen(o: { json?: boolean }, io: Io): number {
  const key = generateMasterKey();
  io.out(o.json ? JSON.stringify({ key }) : key);
  return 0;
}

/** Who the audit log and versions name for a local command: the operating-system user. */
function actor(): string {
  return `cli:${process.env.USER ?? process.env.USERNAME ?? 'unknown'}`;
}
