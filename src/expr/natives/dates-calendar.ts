/**
 * Proleptic Gregorian calendar arithmetic in UTC, on plain numbers (exact to 2^53, so far past the years
 * glibc's `int tm_year` allows). jq's date builtins call gmtime_r/timegm/strftime/strptime; these are the
 * parts of glibc's behaviour they rely on. JavaScript's Date is not used: it stops at ±8.64e15 ms.
 */

/** `struct tm`: `year` is tm_year (years since 1900), `mon` 0-11, `wday` 0 = Sunday, `yday` 0-365. */
export interface Tm {
  year: number;
  mon: number;
  mday: number;
  hour: number;
  min: number;
  sec: number;
  wday: number;
  yday: number;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

export const mod = (a: number, b: number) => ((a % b) + b) % b;

export const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days before each month, for common and leap years (glibc's __mon_yday). */
export const MON_YDAY = [
  [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365],
  [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366],
];

/** Days since 1970-01-01 of a civil date (month 1-12; day may be out of range). Howard Hinnant's algorithm. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** C's conversion of a double to `int` as x86-64 does it: truncation; NaN and out-of-range give INT_MIN. */
export function toCInt(d: number): number {
  return Number.isFinite(d) && d > INT_MIN - 1 && d < INT_MAX + 1 ? Math.trunc(d) || 0 : INT_MIN; // || 0: no -0
}

/** gmtime_r on a whole number of seconds; null where glibc fails (the year does not fit an int). */
export function gmtimeTm(secs: number): Tm | null {
  const days = Math.floor(secs / 86400);
  const rem = secs - days * 86400;
  const [y, m, d] = civilFromDays(days);
  if (y - 1900 > INT_MAX || y - 1900 < INT_MIN) return null;
  return {
    year: y - 1900,
    mon: m - 1,
    mday: d,
    hour: Math.floor(rem / 3600),
    min: Math.floor((rem % 3600) / 60),
    sec: rem % 60,
    wday: mod(days + 4, 7),
    yday: days - daysFromCivil(y, 1, 1),
  };
}

/** glibc timegm: normalizes every field (month 14, day 40, second 61 …); -1 where the year overflows. */
export function timegm(tm: Tm): number {
  const y = tm.year + 1900 + Math.floor(tm.mon / 12);
  if (y - 1900 > INT_MAX || y - 1900 < INT_MIN) return -1;
  const days = daysFromCivil(y, mod(tm.mon, 12) + 1, 1) + tm.mday - 1;
  return days * 86400 + tm.hour * 3600 + tm.min * 60 + tm.sec;
}

// __mon_yday as glibc's strptime indexes it: a month past December reads on into the next row.
const FLAT = [MON_YDAY[0].concat(MON_YDAY[1]), MON_YDAY[1].concat(MON_YDAY[1])];

/** glibc strptime's day_of_the_week (its own formula, C integer division; month may exceed 11). */
export function weekday(tm: Tm): number {
  const corrYear = 1900 + tm.year - (tm.mon < 2 ? 1 : 0);
  const q = Math.trunc(corrYear / 4);
  const days =
    -473 + 365 * (tm.year - 70) + q - Math.trunc(q / 25) + (q % 25 < 0 ? 1 : 0) + Math.trunc(Math.trunc(q / 25) / 4) + FLAT[0][tm.mon] + tm.mday - 1;
  return mod(days, 7);
}

/** glibc strptime's day_of_the_year. */
export function yearday(tm: Tm): number {
  return FLAT[isLeap(tm.year + 1900) ? 1 : 0][tm.mon] + tm.mday - 1;
}

/** C-locale names and the composite conversions (`%c`, `%D`, …), shared by strftime and strptime. */
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const SUBFORMATS: Record<string, string> = {
  c: '%a %b %e %H:%M:%S %Y',
  D: '%m/%d/%y',
  x: '%m/%d/%y',
  F: '%Y-%m-%d',
  r: '%I:%M:%S %p',
  R: '%H:%M',
  T: '%H:%M:%S',
  X: '%H:%M:%S',
};

