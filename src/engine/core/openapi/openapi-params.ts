/**
 * Serialization of path, query, header and cookie parameter values: OpenAPI 3.x `style`/`explode` (and
 * `content`, sent as JSON text), Swagger 2.0 `collectionFormat`. Scalars are written as they are, other
 * values nested in arrays or objects as JSON text. Path and query output is percent-encoded; header
 * output is not (the caller rejects control characters).
 */
import type { Json } from '../../../shared/index.js';
import { type Obj, isObj } from './openapi-document.js';

export type Location = 'path' | 'query' | 'header' | 'cookie';

export interface Shape {
  /** 3.x style, `content` (a JSON-encoded value) or `swagger` (2.0, with `delimiter` / `explode` for multi). */
  style: string;
  explode: boolean;
  delimiter: string;
}

const SWAGGER_DELIMITERS: Record<string, string> = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|' };

export function shapeOf(p: Obj, loc: Location, version: 2 | 3): Shape {
  if (version === 2) {
    const format = typeof p.collectionFormat === 'string' ? p.collectionFormat : 'csv';
    return { style: 'swagger', explode: format === 'multi', delimiter: SWAGGER_DELIMITERS[format] ?? ',' };
  }
  if (isObj(p.content)) return { style: 'content', explode: false, delimiter: ',' };
  const style = typeof p.style === 'string' ? p.style : loc === 'query' || loc === 'cookie' ? 'form' : 'simple';
  const explode = typeof p.explode === 'boolean' ? p.explode : style === 'form';
  const delimiter = style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
  return { style, explode, delimiter };
}

const enc = encodeURIComponent;

export function text(v: Json): string {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function items(v: Json[], e: (s: string) => string): string[] {
  return v.map((x) => e(text(x)));
}

function pairs(v: Obj, e: (s: string) => string): [string, string][] {
  return Object.entries(v).map(([k, x]) => [e(k), e(text(x))]);
}

function encDelimiter(d: string): string {
  return d === ',' ? ',' : enc(d);
}

/** The encoded text that replaces `{name}` in the path template. */
export function pathValue(name: string, v: Json, sh: Shape): string {
  if (sh.style === 'content') return enc(text(v));
  if (sh.style === 'swagger') return Array.isArray(v) ? items(v, enc).join(encDelimiter(sh.delimiter)) : enc(text(v));
  const n = enc(name);
  const [prefix, explodedSep] = sh.style === 'label' ? ['.', '.'] : sh.style === 'matrix' ? [`;${n}=`, `;${n}=`] : ['', ','];
  if (Array.isArray(v)) return prefix + items(v, enc).join(sh.explode ? explodedSep : ',');
  if (isObj(v)) {
    const kv = pairs(v, enc);
    if (!sh.explode) return prefix + kv.flat().join(',');
    const lead = sh.style === 'label' ? '.' : sh.style === 'matrix' ? ';' : '';
    return lead + kv.map(([k, x]) => `${k}=${x}`).join(sh.style === 'matrix' ? ';' : sh.style === 'label' ? '.' : ',');
  }
  return prefix + enc(text(v));
}

/** Encoded `name=value` pairs for the query string (cookies use the same, joined with `; `). */
export function queryPairs(name: string, v: Json, sh: Shape): string[] {
  const n = enc(name);
  if (sh.style === 'content') return [`${n}=${enc(text(v))}`];
  if (Array.isArray(v)) {
    const list = items(v, enc);
    if (sh.explode && (sh.style === 'form' || sh.style === 'swagger')) return list.map((x) => `${n}=${x}`);
    return [`${n}=${list.join(encDelimiter(sh.delimiter))}`];
  }
  if (isObj(v) && sh.style !== 'swagger') {
    const kv = pairs(v, enc);
    if (sh.style === 'deepObject') return kv.map(([k, x]) => `${n}[${k}]=${x}`);
    if (sh.explode) return kv.map(([k, x]) => `${k}=${x}`);
    return [`${n}=${kv.flat().join(',')}`];
  }
  return [`${n}=${enc(text(v))}`];
}

/** The (unencoded) value of a header parameter. */
export function headerValue(v: Json, sh: Shape): string {
  if (sh.style === 'content') return text(v);
  if (Array.isArray(v)) return items(v, (s) => s).join(sh.style === 'swagger' ? sh.delimiter : ',');
  if (isObj(v) && sh.style !== 'swagger') {
    const kv = pairs(v, (s) => s);
    return sh.explode ? kv.map(([k, x]) => `${k}=${x}`).join(',') : kv.flat().join(',');
  }
  return text(v);
}
