/** Every value builtin by `name/arity`. Builtins that take filters live in ../specials.ts. */
import type { Json } from '../json.js';
import { now } from '../vars.js';
import { CORE } from './core.js';
import { gmtime, localtime, mktime, strflocaltime, strftime, strptime } from './dates.js';
import { MATH, num as number } from './math.js';
import { fromjson, tonumber } from './json-text.js';
import { matchImpl } from './regex.js';
import { j0, j1, y0, y1 } from './bessel.js';

export type Native = (input: Json, ...args: Json[]) => Json;

export const NATIVES = new Map<string, Native>(
  Object.entries({
    ...CORE,
    ...MATH,
    'tonumber/0': tonumber,
    'fromjson/0': fromjson,
    'j0/0': (v) => j0(number(v)),
    'j1/0': (v) => j1(number(v)),
    'y0/0': (v) => y0(number(v)),
    'y1/0': (v) => y1(number(v)),
    '_match_impl/3': (v, re, flags, test) => matchImpl(v, re, flags, test === true),
    'now/0': () => now(),
    'mktime/0': (v) => mktime(v),
    'gmtime/0': (v) => gmtime(v),
    // Expressions never read the host time zone: local time is UTC (dates.ts).
    'localtime/0': (v) => localtime(v),
    'strftime/1': (v, f) => strftime(v, f),
    'strflocaltime/1': (v, f) => strflocaltime(v, f),
    'strptime/1': (v, f) => strptime(v, f),
  } satisfies Record<string, Native>),
);
