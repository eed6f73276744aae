/**
 * The functions part of the platform façade (platform/platform.ts FunctionsApi): deploy, list,
 * aliases, direct invocation, draft runs of undeployed code and logs, over a FunctionStore and the
 * invoker that workflows use too.
 */
import { randomUUID } from 'node:crypto';
import type { FunctionAlias, FunctionStore, FunctionVersion, InvocationStore } from '../ports/index.js';
import type { DraftInvocationView, DraftRequest, FunctionSourceInput, FunctionSourceView, FunctionsApi, FunctionSummary, FunctionView } from '../platform/index.js';
import { API_ERROR_CODES, ApiError, notFound } from '../platform/index.js';
import { MAX_SOURCE_BYTES } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import type { FunctionInvoker } from './invoker.js';
import { type BuildManifest, MANIFEST_FILE, ManifestError, assignAlias, bundleFunction, deployFunction, parseManifest, readManifestFile } from './packaging/index.js';
import { DEFAULT_FUNCTION_LIMITS, type FunctionLimits, limitProblems } from './limits.js';

export interface CatalogOptions {
  store: FunctionStore;
  /** Invocation records, for `logs`. */
  invocations: InvocationStore;
  invoker: FunctionInvoker;
  now?: () => number;
  /** Where bundles resolve npm imports from (the project's node_modules). */
  projectRoot?: string;
  /** Before anything is bundled or stored: refuses what the platform cannot take (a webhook path another owner holds). */
  check?: (manifest: BuildManifest) => Promise<void>;
  /** After a new version is stored (e.g. its manifest declares a webhook). */
  deployed?: (v: FunctionVersion) => Promise<void>;
  /** The operator's caps (limits.ts; default DEFAULT_FUNCTION_LIMITS): a manifest asking for more is refused. */
  limits?: FunctionLimits;
  /** Masks secret values in invocation records (log lines, fields, errors): shared/redact.ts. */
  redact?: <T extends Json>(value: T) => T;
}

const view = (v: FunctionVersion): FunctionView => ({ name: v.name, version: v.version, hash: v.hash, size: v.size, createdAt: new Date(v.createdAt).toISOString(), manifest: v.manifest });

export class FunctionCatalog implements FunctionsApi {
  private readonly now: () => number;

  constructor(private readonly o: CatalogOptions) {
    this.now = o.now ?? Date.now;
  }

  async deploy(source: FunctionSourceInput, manifest?: Json): Promise<{ function: FunctionView; created: boolean }> {
    const parsed = this.manifest(source, manifest);
    if (this.o.check) await this.o.check(parsed);
    const { version, created } = await deployFunction(this.o.store, source, manifest, this.now(), this.bundleOptions());
    this.o.invoker.invalidate(version.name);
    if (created) await this.o.deployed?.(version);
    return { function: view(version), created };
  }

  /**
   * A draft: packaged as `deploy` packages (the same manifest checks and caps, the same build), run once
   * by the invoker, stored nowhere (draft-runner.ts). `check` is not asked: it guards what a stored version
   * would hold (a webhook path), and a draft holds nothing.
   */
  async draft(req: DraftRequest): Promise<DraftInvocationView> {
    const manifest = this.manifest(req.source, req.manifest);
    // Checked before anything runs: a draft names the function it is a draft of.
    if (manifest.name !== req.name) {
      const where = req.manifest === undefined ? MANIFEST_FILE : 'the manifest';
      throw new ApiError(API_ERROR_CODES.invalid, `${where} names ${JSON.stringify(manifest.name)}, not ${JSON.stringify(req.name)}`, { pointer: req.manifest === undefined ? `/files/${MANIFEST_FILE}` : '/manifest/name' });
    }
    const build = async () => {
      const bundle = await bundleFunction(req.source, manifest, this.bundleOptions());
      return { name: manifest.name, version: manifest.version, hash: bundle.hash, size: bundle.size, code: bundle.code, manifest, createdAt: this.now() };
    };
    try {
      const r = await this.o.invoker.invokeDraft(manifest.name, build, { input: req.input, ...(req.traceparent ? { traceparent: req.traceparent } : {}) });
      return this.o.redact ? { ...r, invocation: this.o.redact(r.invocation as unknown as Json) as unknown as typeof r.invocation } : r;
    } catch (err) {
      throw this.masked(err);
    }
  }

  /** A failure whose problem (its message, the logs it carries) could quote a secret: masked. */
  private masked(err: unknown): unknown {
    const e = err as { problem?: Json } | null;
    if (this.o.redact && e && typeof e === 'object' && e.problem && typeof e.problem === 'object') e.problem = this.o.redact(e.problem);
    return err;
  }

  /** weft.json (or `manifest`), checked, within the operator's caps: what a deploy and a draft are built with. */
  private manifest(source: FunctionSourceInput, manifest: Json | undefined): BuildManifest {
    const raw = manifest === undefined ? readManifestFile(source) : manifest;
    const parsed = parseManifest(raw, manifest === undefined ? MANIFEST_FILE : undefined);
    // Only what the author asked for is refused; a default over a lowered cap is clamped at run time.
    const over = limitProblems(raw as Partial<BuildManifest>, this.o.limits ?? DEFAULT_FUNCTION_LIMITS);
    if (over.length > 0) throw new ManifestError(over, manifest === undefined ? { source: MANIFEST_FILE } : {});
    return parsed;
  }

  private bundleOptions(): { projectRoot?: string } {
    return this.o.projectRoot ? { projectRoot: this.o.projectRoot } : {};
  }

  async list(): Promise<FunctionSummary[]> {
    const out: FunctionSummary[] = [];
    for (const latest of await this.o.store.listVersions()) out.push(await this.summary(latest.name));
    return out;
  }

  async get(name: string): Promise<FunctionSummary & { versionsDetail: FunctionView[] }> {
    const versions = await this.o.store.listVersions(name);
    if (!versions.length) throw notFound(`function ${name}`);
    return { ...(await this.summary(name, versions)), versionsDetail: versions.map(view) };
  }

  private async summary(name: string, versions?: FunctionVersion[]): Promise<FunctionSummary> {
    const all = versions ?? (await this.o.store.listVersions(name));
    return {
      name,
      latest: all[0].version,
      description: all[0].manifest.description ?? '',
      versions: all.map((v) => v.version),
      aliases: await this.o.store.listAliases(name),
    };
  }

  async setAlias(alias: FunctionAlias): Promise<{ before?: FunctionAlias; after: FunctionAlias }> {
    if (!(await this.o.store.listVersions(alias.name)).length) throw notFound(`function ${alias.name}`);
    const before = await this.o.store.getAlias(alias.name, alias.alias);
    await assignAlias(this.o.store, alias);
    this.o.invoker.invalidate(alias.name);
    return { ...(before ? { before } : {}), after: alias };
  }

  async invoke(req: { name: string; ref?: string; input: Json; idempotencyKey?: string; traceparent?: string }): Promise<{ version: string; output: Json }> {
    // An unknown function or reference is the invoker's 404 problem (WEFT_ERR_FN_NOT_FOUND).
    try {
      const r = await this.o.invoker.invoke({
        name: req.name,
        ref: req.ref ?? '',
        input: req.input,
        idempotencyKey: req.idempotencyKey ?? randomUUID(),
        runId: '',
        pointer: '',
        ...(req.traceparent ? { traceparent: req.traceparent } : {}),
      });
      // The direct answer is the caller's own: the function's output as it is (what it marks sensitive is for runs' records).
      return { version: r.version, output: r.output };
    } catch (err) {
      throw this.masked(err);
    }
  }

  async source(name: string, version: string): Promise<FunctionSourceView> {
    const v = await this.o.store.getVersion(name, version);
    if (!v) throw notFound((await this.o.store.listVersions(name)).length ? `version ${version} of function ${name}` : `function ${name}`);
    if (!v.source) {
      throw new ApiError(
        API_ERROR_CODES.notFound,
        `${name}@${version} has no stored source: it was deployed before Weft kept function sources, or its source files were over ${MAX_SOURCE_BYTES / 1024 / 1024} MB; redeploy it under a new version to keep them`,
      );
    }
    return { name, version, entry: v.source.entry, files: v.source.files };
  }

  async logs(name: string, limit = 50): Promise<Awaited<ReturnType<InvocationStore['listInvocations']>>> {
    if (!(await this.o.store.listVersions(name)).length) throw notFound(`function ${name}`);
    await this.o.invoker.flushRecords();
    const records = await this.o.invocations.listInvocations(name, Math.min(Math.max(1, limit), 500));
    return this.o.redact ? (this.o.redact(records as unknown as Json) as unknown as typeof records) : records;
  }
}

