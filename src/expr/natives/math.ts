/** jq's libm builtins: one-, two- and three-argument math functions on numbers. */
import { negate } from '../arith.js';
import { compare } from '../compare.js';
import { runtimeError } from '../errors.js';
import { type Json, typeOf } from '../json.js';
import { truncDump } from '../stringify.js';

type Fn = (input: Json, ...args: Json[]) => Json;

export function num(v: Json): number {
  if (typeof v !== 'number') throw runtimeError(`${typeOf(v)} (${truncDump(v)}) number required`);
  return v;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log|Γ(x)|: exact through factorials for small integers, else Stirling's series after shifting x ≥ 10. */
function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  if (Number.isInteger(x) && x <= 171) return Math.log(factorial(x - 1));
  let shift = 0;
  let y = x;
  while (y < 10) {
    shift += Math.log(y);
    y += 1;
  }
  const r = 1 / y;
  const r2 = r * r;
  const series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))));
  return (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + series - shift;
}

function factorial(n: number): number {
  let r = 1;
  for (let i = 2; i <= n; i++) r *= i;
  return r;
}

function tgamma(x: number): number {
  if (x === 0) return 1 / x; // ±Infinity, like C
  if (x < 0 && Number.isInteger(x)) return NaN;
  if (Number.isInteger(x) && x > 0 && x <= 171) return factorial(x - 1);
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * tgamma(1 - x));
  return Math.exp(lgamma(x));
}

/** C's pow is correctly rounded where JavaScript's is not (10 ** -5 is 9.999999999999999e-6). */
function pow(x: number, y: number): number {
  if (Number.isInteger(y) && y < 0) {
    const d = Math.pow(x, -y);
    if (Number.isFinite(d) && d !== 0) return 1 / d;
  }
  return Math.pow(x, y);
}

function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  let m = x * 2 ** -e;
  while (Math.abs(m) < 0.5) {
    m *= 2;
    e--;
  }
  while (Math.abs(m) >= 1) {
    m /= 2;
    e++;
  }
  return [m, e];
}

/** Round half to even, like C's rint/nearbyint in the default rounding mode. */
function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 && x < 0 ? -0 : r;
}

function nextafter(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === y) return y;
  if (x === 0) return y > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  let bits = buf.getBigInt64(0);
  bits += (y > x) === (x > 0) ? 1n : -1n;
  buf.setBigInt64(0, bits);
  return buf.getFloat64(0);
}

const ONE: Record<string, (x: number) => Json> = {
  floor: Math.floor, ceil: Math.ceil, round: (x) => (x < 0 ? -Math.round(-x) : Math.round(x)), trunc: Math.trunc,
  fabs: Math.abs, sqrt: Math.sqrt, cbrt: Math.cbrt, exp: Math.exp, exp2: (x) => pow(2, x), exp10: (x) => pow(10, x),
  pow10: (x) => pow(10, x), expm1: Math.expm1, log: Math.log, log2: Math.log2, log10: Math.log10, log1p: Math.log1p,
  sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh,
  rint, nearbyint: rint, gamma: lgamma, lgamma, tgamma,
  lgamma_r: (x) => [lgamma(x), tgamma(x) < 0 ? -1 : 1],
  logb: (x) => (x === 0 ? -Infinity : Number.isFinite(x) ? frexp(x)[1] - 1 : Math.abs(x)),
  significand: (x) => (x === 0 || !Number.isFinite(x) ? x : frexp(x)[0] * 2),
  frexp: (x) => frexp(x),
  modf: (x) => (Number.isFinite(x) ? [x - Math.trunc(x), Math.trunc(x)] : [Number.isNaN(x) ? NaN : 0, x]),
};

const TWO: Record<string, (x: number, y: number) => Json> = {
  pow, atan2: Math.atan2, fmin: Math.min, fmax: Math.max, hypot: Math.hypot,
  fmod: (x, y) => x % y,
  fdim: (x, y) => (x > y ? x - y : 0),
  copysign: (x, y) => (Math.sign(y) < 0 || Object.is(y, -0) ? -Math.abs(x) : Math.abs(x)),
  drem: (x, y) => x - y * rint(x / y),
  ldexp: (x, e) => x * 2 ** Math.trunc(e),
  scalb: (x, e) => x * 2 ** e,
  scalbln: (x, e) => x * 2 ** Math.trunc(e),
  nextafter, nexttoward: nextafter,
};

export const MATH: Record<string, Fn> = {
  'infinite/0': () => Infinity,
  'nan/0': () => NaN,
  // Non-numbers are simply not infinite, nan or normal.
  'isinfinite/0': (v) => typeof v === 'number' && Math.abs(v) === Infinity,
  'isnan/0': (v) => typeof v === 'number' && Number.isNaN(v),
  'isnormal/0': (v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) >= 2.2250738585072014e-308,
  'abs/0': (v) => (compare(v, 0) < 0 ? negate(v) : v), // jq: if . < 0 then - . else . end
  'fma/3': (_v, a, b, c) => num(a) * num(b) + num(c),
};
for (const [name, f] of Object.entries(ONE)) MATH[`${name}/0`] = (v) => f(num(v));
for (const [name, f] of Object.entries(TWO)) MATH[`${name}/2`] = (_v, a, b) => f(num(a), num(b));
