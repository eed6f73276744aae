/**
 * The one way modules define their coded errors. A module lists its codes once, each with the HTTP
 * status the gateway answers with and, where it has them, the problem's title and type (RFC 9457), and
 * what the code means and what to do about it, in words for users (the error catalog, docs/errors.md,
 * and the CLI's hint line are made from them); `defineErrors` turns that table into the codes object
 * callers name codes by, and a base error class whose `cause` chains through the standard Error options.
 * Modules add what is special to them (a constructor of their own, `retryable`, `kind`) by extending
 * that class.
 *
 * It lives here, dependency-free, because the jq and DSL libraries may import only src/shared;
 * src/contracts re-exports it as the contract the gateway and the studio read.
 */

/** What one code means. */
export interface ErrorDefinition {
  /** The stable code (`WEFT_ERR_…`), what callers and clients test. */
  readonly code: string;
  /**
   * The HTTP status the gateway answers with. Left out by the jq library, whose errors reach the API
   * only wrapped by their caller (a task's expression error, an invalid definition).
   */
  readonly status?: number;
  /** The problem's title; without one the gateway uses its status's title. */
  readonly title?: string;
  /** The problem's `type` URI; without one the gateway uses the code's Weft problem type. */
  readonly type?: string;
  /**
   * What happened, for the people who meet the code (not for whoever maintains the module): one or two
   * sentences. Required, so that no code exists without its entry in the catalog.
   */
  readonly meaning: string;
  /** What to do about it, in one concrete sentence: the flag, setting, variable, API call or page to use. */
  readonly action: string;
}

/** What the error catalog reads of a family: its name and every definition, in table order. */
export interface ErrorFamily {
  readonly name: string;
  readonly definitions: readonly ErrorDefinition[];
}

export interface ErrorOptions {
  /** The underlying failure, chained as the standard `Error.cause`. */
  cause?: unknown;
}

/** RFC 9457 problem details of a coded error, as `toProblem()` gives them. */
export interface CodedProblem {
  type: string;
  status: number;
  title: string;
  detail: string;
  code: string;
  [extra: string]: unknown;
}

type Definitions = Record<string, ErrorDefinition>;

/** `T` when every definition of D has field F, else `T | undefined`. */
type Field<D extends Definitions, F extends 'status' | 'title' | 'type', T> =
  false extends { [K in keyof D]: D[K] extends { readonly [P in F]: T } ? true : false }[keyof D] ? T | undefined : T;

export interface FamilyOptions {
  /** The `type` of codes that do not name one (Weft's problem types: `problemTypeOf`). */
  defaultType?: (code: string) => string;
}

/** The problem type URI of a Weft code: `WEFT_ERR_API_NOT_FOUND` → `https://weft.dev/problems/api-not-found`. */
export function problemTypeOf(code: string): string {
  return `https://weft.dev/problems/${code.replace(/^WEFT_ERR_/, '').toLowerCase().replace(/_/g, '-')}`;
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed', 406: 'Not acceptable',
  408: 'Request timeout', 409: 'Conflict', 413: 'Payload too large', 414: 'URI too long', 415: 'Unsupported media type', 421: 'Misdirected request',
  422: 'Unprocessable content', 429: 'Too many requests', 431: 'Request header fields too large', 500: 'Internal error', 502: 'Bad gateway', 503: 'Service unavailable', 504: 'Gateway timeout',
};

/** The title of a problem that names none: its HTTP status's. */
export function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? 'Error';
}

/** Only a defined cause is passed on: `{ cause: undefined }` would still give the error a `cause` property. */
export function causeOptions(cause: unknown): { cause: unknown } | undefined {
  return cause === undefined ? undefined : { cause };
}

/**
 * The codes object and base class of one error family. `name` is the errors' `name`; `definitions` maps
 * a short key (how callers name a code: `STORE_ERROR_CODES.busy`) to what the code means.
 */
export function defineErrors<const D extends Definitions, const O extends FamilyOptions = Record<never, never>>(name: string, definitions: D, options?: O) {
  type Code = D[keyof D]['code'];
  type Type = O extends { defaultType: (code: string) => string } ? string : Field<D, 'type', string>;
  const byCode = new Map<string, ErrorDefinition>(Object.values(definitions).map((d) => [d.code, d]));
  const codes = Object.fromEntries(Object.entries(definitions).map(([key, d]) => [key, d.code])) as { readonly [K in keyof D]: D[K]['code'] };
  const defaultType = options?.defaultType;

  class CodedError extends Error {
    readonly code: Code;
    /** Problem members beyond the standard ones (`pointer`, …), for families whose errors carry them. */
    declare readonly extra?: Readonly<Record<string, unknown>>;

    constructor(code: Code, message: string, options?: ErrorOptions) {
      super(message, causeOptions(options?.cause));
      this.name = name;
      this.code = code;
    }

    get status(): Field<D, 'status', number> {
      return byCode.get(this.code)?.status as Field<D, 'status', number>;
    }

    get title(): Field<D, 'title', string> {
      return byCode.get(this.code)?.title as Field<D, 'title', string>;
    }

    get type(): Type {
      const type = byCode.get(this.code)?.type;
      return (type ?? defaultType?.(this.code)) as Type;
    }

    /** The error as problem details (extra members without a value are left out). */
    toProblem(): CodedProblem {
      const status = this.status ?? 500;
      const problem: CodedProblem = { type: this.type ?? problemTypeOf(this.code), status, title: this.title ?? statusTitle(status), detail: this.message, code: this.code };
      for (const [k, v] of Object.entries(this.extra ?? {})) if (v !== undefined) problem[k] = v;
      return problem;
    }
  }

  return {
    name,
    /** Every definition, in table order (what the error catalog lists). */
    definitions: Object.values(definitions) as readonly ErrorDefinition[],
    codes,
    Error: CodedError,
    /** What `code` means (its status, title, type, meaning, action and the family's own fields). */
    definition: (code: Code): D[keyof D] & ErrorDefinition => byCode.get(code) as D[keyof D] & ErrorDefinition,
    isCode: (value: unknown): value is Code => typeof value === 'string' && byCode.has(value),
  };
}
