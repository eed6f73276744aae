/**
 * Building blocks of the API's JSON Schemas. Every schema is written `as const` so that its TS type is
 * derived from it (json-schema-to-ts `FromSchema`) instead of being restated.
 */

export const str = { type: 'string' } as const;
export const time = { type: 'string', format: 'date-time' } as const;
/** Any JSON value (an empty schema constrains nothing). */
export const anyJson = {} as const;
/** An answer object whose members the schema leaves open. */
export const anyObject = { type: 'object', additionalProperties: true } as const;

/** A string of 1 to `maxLength` characters. */
export const nonEmpty = <N extends number>(maxLength: N) => ({ type: 'string', minLength: 1, maxLength }) as const;
/** A string of at most `maxLength` characters (path parameters). */
export const upTo = <N extends number>(maxLength: N) => ({ type: 'string', maxLength }) as const;

/** A reference to one of the shared schemas (API_SCHEMAS) by its `$id`. */
export const ref = <I extends string>(id: I) => ({ $ref: `${id}#` as `${I}#` });

/** `{ items: [...] }`, the shape of every list answer. */
export const listOf = <S>(items: S) => ({ type: 'object', properties: { items: { type: 'array', items } } }) as const;

/** The problem answers a route documents besides its success (OpenAPI response objects, not schemas). */
export function problems(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(statuses.map((s) => [s, { description: 'Problem details', content: { 'application/problem+json': { schema: ref('Problem') } } }]));
}

/**
 * An answer type with members the server always sends although its schema does not list them as
 * `required`: the serializer writes required members first, so listing them would reorder the JSON.
 */
export type Always<T, K extends keyof T> = T & { [P in K]-?: Exclude<T[P], undefined> };

/** A page of a list answer; `next` is the cursor of the following page (absent on the last one). */
export type Page<T> = {
  items: T[];
  next?: string;
};
