/**
 * Every JSON Schema validator in Weft is made here: `createAjv` gives ajv an RE2 engine (ecma-pattern.ts)
 * for the `pattern` and `patternProperties` keywords instead of JavaScript's backtracking RegExp, so that a
 * schema written by a user (workflow input/output, event type, webhook, function manifest) cannot hold the
 * event loop with a catastrophic pattern. A refused or invalid pattern makes `ajv.compile` throw, i.e. the
 * schema is rejected where it is registered. It lives in dsl because every module that validates JSON
 * Schema may import dsl.
 */
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { UnsupportedPatternError, ecmaPattern } from './ecma-pattern.js';
import { SENSITIVE_KEYWORD } from './sensitive.js';

type AddFormats = (ajv: Ajv2020) => Ajv2020;
// ajv-formats is CommonJS: under NodeNext the plugin is its `default` export.
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

/** What ajv calls for each pattern (`code.regExp`): `flags` is `u` (ajv's `unicodeRegExp`) or empty. */
function re2Engine(pattern: string, flags: string): { test(s: string): boolean; toString(): string } {
  const re = ecmaPattern(pattern, { ignoreCase: flags.includes('i') });
  // ajv keys its compiled patterns by toString(): it must differ between patterns.
  return { test: (s: string) => re.test(s), toString: () => `/${pattern}/${flags}` };
}
/** ajv only reads `code` when it writes standalone validation code, which Weft never does. */
export const re2RegExp = Object.assign(re2Engine, { code: 'weftRe2RegExp' });

/**
 * For Weft's own schemas only (the official DSL schema, whose ISO 8601 duration pattern has a lookahead):
 * RE2 where it can, the native RegExp for a pattern RE2 refuses. Those patterns are fixed text written by
 * the schema's authors, not by a user.
 */
const trustedRegExp = Object.assign(
  (pattern: string, flags: string) => {
    try {
      return re2Engine(pattern, flags);
    } catch (err) {
      if (err instanceof UnsupportedPatternError) return new RegExp(pattern, flags);
      throw err;
    }
  },
  { code: 'weftTrustedRegExp' },
);

/**
 * A 2020-12 ajv whose patterns run on RE2; `formats` adds ajv-formats (date-time, email, uri, …);
 * `trusted` (Weft's own fixed schemas only, never a user's) lets a pattern RE2 refuses run natively. The
 * only place Weft may create an ajv (json-schema.test.ts checks that no other file does).
 */
export function createAjv(options: Options = {}, { formats = false, trusted = false }: { formats?: boolean; trusted?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({ ...options, code: { ...options.code, regExp: trusted ? trustedRegExp : re2RegExp } });
  // Weft's own annotation (sensitive.ts): known, so that it must be a boolean.
  ajv.addKeyword({ keyword: SENSITIVE_KEYWORD, schemaType: 'boolean' });
  return formats ? addFormats(ajv) : ajv;
}
