/**
 * C libm's Bessel functions of orders 0 and 1: j0, j1 (first kind) and y0, y1 (second kind), with
 * glibc's answers at the edges (y0/y1 of a negative number are NaN, of ±0 -Infinity; all four tend to
 * 0 at +Infinity).
 *
 * Three regimes, each chosen where it keeps about 15 significant digits (away from the functions' zeros,
 * where only the absolute error stays small, as with any libm):
 *  - |x| < 2: the power series, which barely cancel there.
 *  - 2 ≤ |x| < 25: Miller's backward recurrence for J₀, J₁, J₂, …, normalised with J₀ + 2ΣJ₂ₖ = 1, and
 *    Neumann's series for Y₀ and Y₁ in terms of those same Jₙ. The forward recurrence is unstable for J
 *    but the backward one converges to the minimal solution, which is Jₙ.
 *  - |x| ≥ 25: Hankel's asymptotic expansion, whose smallest term there is far below double precision.
 */

const EULER_GAMMA = 0.5772156649015329;
const TWO_OVER_PI = 2 / Math.PI;
const SERIES_LIMIT = 2;
const ASYMPTOTIC_FROM = 25;

/** ln(x/2) without underflowing x/2 for the smallest subnormals. */
function logHalf(x: number): number {
  return x < 1e-300 ? Math.log(x) - Math.LN2 : Math.log(x / 2);
}

/** Jₙ(x) = Σ (−x²/4)ᵏ (x/2)ⁿ / (k! (n+k)!), n = 0 or 1. */
function seriesJ(n: 0 | 1, x: number): number {
  const q = (-x * x) / 4;
  let term = n === 0 ? 1 : x / 2;
  let sum = term;
  for (let k = 1; k < 30 && term !== 0; k++) {
    term *= q / (k * (k + n));
    sum += term;
  }
  return sum;
}

/** Y₀(x) = (2/π)[(ln(x/2) + γ) J₀(x) − Σₖ≥₁ Hₖ (−x²/4)ᵏ / (k!)²], Hₖ the harmonic numbers. */
function seriesY0(x: number): number {
  const q = (-x * x) / 4;
  let term = 1;
  let harmonic = 0;
  let sum = 0;
  for (let k = 1; k < 30; k++) {
    term *= q / (k * k);
    harmonic += 1 / k;
    sum += harmonic * term;
  }
  return TWO_OVER_PI * ((logHalf(x) + EULER_GAMMA) * seriesJ(0, x) - sum);
}

/** Y₁(x) = −2/(πx) + (2/π)(ln(x/2) + γ) J₁(x) − (x/2π) Σₖ≥₀ (Hₖ + Hₖ₊₁) (−x²/4)ᵏ / (k! (k+1)!). */
function seriesY1(x: number): number {
  const q = (-x * x) / 4;
  let term = 1;
  let harmonic = 0; // Hₖ
  let sum = 1; // k = 0: H₀ + H₁ = 1
  for (let k = 1; k < 30; k++) {
    term *= q / (k * (k + 1));
    harmonic += 1 / k;
    sum += (2 * harmonic + 1 / (k + 1)) * term;
  }
  return -TWO_OVER_PI / x + TWO_OVER_PI * (logHalf(x) + EULER_GAMMA) * seriesJ(1, x) - (x / (2 * Math.PI)) * sum;
}

interface Four {
  j0: number;
  j1: number;
  y0: number;
  y1: number;
}

/**
 * Miller's algorithm from an even start index far enough above x that J_N(x) is negligible, summing as it
 * goes what the normalisation and Neumann's series need:
 *   Y₀ = (2/π)[(ln(x/2) + γ) J₀ + 2 Σₖ≥₁ (−1)ᵏ⁺¹ J₂ₖ / k]
 *   Y₁ = (2/π)[(ln(x/2) + γ − 1) J₁ − J₀/x + Σₖ≥₂ (−1)ᵏ (2k−1)/(k(k−1)) J₂ₖ₋₁]   (Y₁ = −Y₀′)
 */
function miller(x: number): Four {
  const start = 2 * Math.ceil((1.5 * x + 40) / 2);
  let above = 0; // J_{m+1}, unnormalised
  let cur = 1e-30; // J_m
  let norm = 0;
  let sumY0 = 0;
  let sumY1 = 0;
  let j1 = 0;
  for (let m = start; m > 0; m--) {
    if (m % 2 === 0) {
      const k = m / 2;
      norm += 2 * cur;
      sumY0 += (k % 2 === 1 ? cur : -cur) / k;
    } else if (m >= 3) {
      const k = (m + 1) / 2;
      sumY1 += ((k % 2 === 0 ? 1 : -1) * (2 * k - 1) * cur) / (k * (k - 1));
    } else j1 = cur;
    const below = ((2 * m) / x) * cur - above;
    above = cur;
    cur = below;
    if (Math.abs(cur) > 1e250) {
      // Keep the unnormalised values finite; only ratios matter.
      [above, cur, norm, sumY0, sumY1, j1] = [above, cur, norm, sumY0, sumY1, j1].map((v) => v * 1e-250);
    }
  }
  norm += cur; // cur is J₀
  const J0 = cur / norm;
  const J1 = j1 / norm;
  const logTerm = logHalf(x) + EULER_GAMMA;
  return {
    j0: J0,
    j1: J1,
    y0: TWO_OVER_PI * (logTerm * J0 + (2 * sumY0) / norm),
    y1: TWO_OVER_PI * ((logTerm - 1) * J1 - J0 / x + sumY1 / norm),
  };
}

/**
 * Hankel's expansion: Jᵥ = √(2/πx)(P cos χ − Q sin χ), Yᵥ = √(2/πx)(P sin χ + Q cos χ), χ = x − (ν/2 + 1/4)π,
 * with P = Σ (−1)ᵏ a₂ₖ/x²ᵏ, Q = Σ (−1)ᵏ a₂ₖ₊₁/x²ᵏ⁺¹, aₖ = Πᵢ≤ₖ (4ν² − (2i−1)²) / (k! 8ᵏ).
 */
function hankel(nu: 0 | 1, x: number): Four {
  const mu = 4 * nu * nu;
  let a = 1;
  let p = 1;
  let q = 0;
  for (let k = 1; k < 60; k++) {
    const next = (a * (mu - (2 * k - 1) ** 2)) / (8 * k * x);
    if (Math.abs(next) >= Math.abs(a)) break; // the asymptotic series has started to diverge
    a = next;
    const sign = Math.floor(k / 2) % 2 === 0 ? 1 : -1;
    if (k % 2 === 0) p += sign * a;
    else q += sign * a;
    if (Math.abs(a) < 1e-18) break;
  }
  // cos(x − π/4) = (sin x + cos x)/√2 and sin(x − π/4) = (sin x − cos x)/√2. Whichever of the two
  // cancels is recovered from their product, sin²x − cos²x = −cos 2x, as fdlibm does.
  const s = Math.sin(x);
  const c = Math.cos(x);
  let plus = s + c;
  let minus = s - c;
  if (x + x < Infinity) {
    const z = -Math.cos(x + x);
    if (s * c < 0) plus = z / minus;
    else minus = z / plus;
  }
  const scale = 1 / Math.sqrt(Math.PI * x);
  // ν = 0: cos χ = plus/√2, sin χ = minus/√2.  ν = 1: cos χ = minus/√2, sin χ = −plus/√2.
  return nu === 0
    ? { j0: scale * (p * plus - q * minus), y0: scale * (p * minus + q * plus), j1: NaN, y1: NaN }
    : { j1: scale * (p * minus + q * plus), y1: scale * (q * minus - p * plus), j0: NaN, y0: NaN };
}

export function j0(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax === Infinity) return 0;
  if (ax < SERIES_LIMIT) return seriesJ(0, ax);
  return ax < ASYMPTOTIC_FROM ? miller(ax).j0 : hankel(0, ax).j0;
}

export function j1(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax === Infinity) return 1 / x; // ±0
  if (ax < SERIES_LIMIT) return seriesJ(1, x); // odd, and j1(−0) = −0
  const v = ax < ASYMPTOTIC_FROM ? miller(ax).j1 : hankel(1, ax).j1;
  return x < 0 ? -v : v;
}

export function y0(x: number): number {
  if (x === 0) return -Infinity;
  if (!(x > 0)) return NaN; // negative or NaN
  if (x === Infinity) return 0;
  if (x < SERIES_LIMIT) return seriesY0(x);
  return x < ASYMPTOTIC_FROM ? miller(x).y0 : hankel(0, x).y0;
}

export function y1(x: number): number {
  if (x === 0) return -Infinity;
  if (!(x > 0)) return NaN;
  if (x === Infinity) return 0;
  if (x < SERIES_LIMIT) return seriesY1(x);
  return x < ASYMPTOTIC_FROM ? miller(x).y1 : hankel(1, x).y1;
}
