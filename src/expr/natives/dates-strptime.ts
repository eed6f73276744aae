/**
 * glibc's strptime (time/strptime_l.c) in the C locale, which is what jq's `strptime` runs on Linux.
 * Fields the format does not mention keep the caller's initial values; when a date part was parsed
 * glibc then computes tm_wday and tm_yday itself (from the fields as parsed, without normalizing them:
 * "2015-02-30" stays February 30th, a Monday). Results checked against Debian's jq 1.6 on glibc 2.36.
 */
import { DAYS, MON_YDAY, MONTHS, SUBFORMATS, type Tm, gmtimeTm, isLeap, weekday, yearday } from './dates-calendar.js';

const DAYS_LOWER = DAYS.map((d) => d.toLowerCase());
const MONTHS_LOWER = MONTHS.map((m) => m.toLowerCase());

/** C isspace in the C locale. */
export const isSpace = (c: string | undefined) => c !== undefined && ' \t\n\v\f\r'.includes(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Parses `input` with `fmt` into `tm`; the index where parsing stopped, or null when it does not match. */
export function strptimeGlibc(input: string, fmt: string, tm: Tm): number | null {
  let rp = 0;
  const s = { haveI: false, isPm: false, century: -1, wantCentury: false, wantXday: false, haveWday: false };
  const have = { yday: false, mon: false, mday: false, uweek: false, wweek: false };
  let weekNo = 0;

  const skipSpace = () => {
    while (isSpace(input[rp])) rp++;
  };
  /** glibc's get_number: optional spaces, 1..n digits (stopping once another digit would exceed `to`). */
  const getNumber = (from: number, to: number, n: number): number | null => {
    skipSpace();
    if (!isDigit(input[rp])) return null;
    let val = 0;
    do val = val * 10 + Number(input[rp++]);
    while (--n > 0 && val * 10 <= to && isDigit(input[rp]));
    return val < from || val > to ? null : val;
  };
  /** Full name first, then its three-letter abbreviation, case-insensitively, in table order. */
  const matchName = (names: string[]): number | null => {
    const rest = asciiLower(input.slice(rp)); // strncasecmp: ASCII letters only
    for (let i = 0; i < names.length; i++) {
      for (const name of [names[i], names[i].slice(0, 3)]) {
        if (rest.startsWith(name)) {
          rp += name.length;
          return i;
        }
      }
    }
    return null;
  };

  const run = (f: string): boolean => {
    for (let i = 0; i < f.length; ) {
      if (isSpace(f[i])) {
        skipSpace(); // a space in the format matches any amount of white space, including none
        i++;
        continue;
      }
      if (f[i] !== '%') {
        if (input[rp] !== f[i]) return false;
        rp++;
        i++;
        continue;
      }
      i++;
      while ('-_0^#'.includes(f[i] ?? 'x')) i++; // strftime flags and widths are accepted and ignored
      while (isDigit(f[i])) i++;
      if (f[i] === 'E' || f[i] === 'O') i++;
      const c = f[i++];
      let v: number | null = 0;
      switch (c) {
        case '%':
          if (input[rp] !== '%') return false;
          rp++;
          break;
        case 'a':
        case 'A':
          if ((v = matchName(DAYS_LOWER)) === null) return false;
          tm.wday = v;
          s.haveWday = true;
          break;
        case 'b':
        case 'B':
        case 'h':
          if ((v = matchName(MONTHS_LOWER)) === null) return false;
          tm.mon = v;
          have.mon = s.wantXday = true;
          break;
        case 'C':
          if ((v = getNumber(0, 99, 2)) === null) return false;
          s.century = v;
          s.wantXday = true;
          break;
        case 'd':
        case 'e':
          if ((v = getNumber(1, 31, 2)) === null) return false;
          tm.mday = v;
          have.mday = s.wantXday = true;
          break;
        case 'H':
        case 'k':
          if ((v = getNumber(0, 23, 2)) === null) return false;
          tm.hour = v;
          s.haveI = false;
          break;
        case 'I':
        case 'l':
          if ((v = getNumber(1, 12, 2)) === null) return false;
          tm.hour = v % 12;
          s.haveI = true;
          break;
        case 'j':
          if ((v = getNumber(1, 366, 3)) === null) return false;
          tm.yday = v - 1;
          have.yday = true;
          break;
        case 'm':
          if ((v = getNumber(1, 12, 2)) === null) return false;
          tm.mon = v - 1;
          have.mon = s.wantXday = true;
          break;
        case 'M':
          if ((v = getNumber(0, 59, 2)) === null) return false;
          tm.min = v;
          break;
        case 'S':
          if ((v = getNumber(0, 61, 2)) === null) return false;
          tm.sec = v;
          break;
        case 'n':
        case 't':
          skipSpace();
          break;
        case 'p': {
          const ap = asciiLower(input.slice(rp, rp + 2)).toUpperCase();
          if (ap !== 'AM' && ap !== 'PM') return false;
          s.isPm = ap === 'PM';
          rp += 2;
          break;
        }
        case 's': {
          // Seconds since the epoch, converted by localtime_r (UTC here): sets every field.
          if (!isDigit(input[rp])) return false;
          let secs = 0;
          while (isDigit(input[rp])) secs = secs * 10 + Number(input[rp++]);
          const t = gmtimeTm(secs);
          if (!t) return false;
          Object.assign(tm, t);
          break;
        }
        case 'u':
          if ((v = getNumber(1, 7, 1)) === null) return false;
          tm.wday = v % 7;
          s.haveWday = true;
          break;
        case 'w':
          if ((v = getNumber(0, 6, 1)) === null) return false;
          tm.wday = v;
          s.haveWday = true;
          break;
        case 'U':
        case 'W':
          if ((v = getNumber(0, 53, 2)) === null) return false;
          weekNo = v;
          if (c === 'U') have.uweek = true;
          else have.wweek = true;
          break;
        case 'V':
        case 'g':
          if (getNumber(0, c === 'V' ? 53 : 99, 2) === null) return false;
          break;
        case 'G':
          if (!isDigit(input[rp])) return false;
          while (isDigit(input[rp])) rp++;
          break;
        case 'y':
          if ((v = getNumber(0, 99, 2)) === null) return false;
          tm.year = v >= 69 ? v : v + 100;
          s.wantCentury = s.wantXday = true;
          break;
        case 'Y':
          if ((v = getNumber(0, 9999, 4)) === null) return false;
          tm.year = v - 1900;
          s.wantCentury = false;
          s.wantXday = true;
          break;
        case 'Z':
          skipSpace(); // a zone name is read and ignored
          while (rp < input.length && !isSpace(input[rp])) rp++;
          break;
        case 'z':
          if (!zone()) return false; // the offset is checked, then ignored: jq keeps no tm_gmtoff
          break;
        default: {
          const sub = c === undefined ? undefined : SUBFORMATS[c];
          if (sub === undefined || !run(sub)) return false;
          if (c !== 'r' && c !== 'R' && c !== 'T' && c !== 'X') s.wantXday = true;
        }
      }
    }
    return true;
  };

  /** %z: `Z`, or a sign and hh, hhmm or hh:mm (minutes below 60). */
  const zone = (): boolean => {
    skipSpace();
    if (input[rp] === 'Z') {
      rp++;
      return true;
    }
    if (input[rp] !== '+' && input[rp] !== '-') return false;
    rp++;
    let n = 0;
    let val = 0;
    while (n < 4 && isDigit(input[rp])) {
      val = val * 10 + Number(input[rp++]);
      if (++n === 2 && input[rp] === ':' && isDigit(input[rp + 1])) rp++;
    }
    return n === 2 || (n === 4 && val % 100 < 60);
  };

  if (!run(fmt)) return null;
  finish();
  return rp;

  // The end of glibc's strptime: 12-hour clock, century, and the derived wday/yday/mon/mday.
  function finish(): void {
    if (s.haveI && s.isPm) tm.hour += 12;
    if (s.century !== -1) tm.year = s.wantCentury ? (tm.year % 100) + (s.century - 19) * 100 : (s.century - 19) * 100;
    // glibc scans __mon_yday[leap] without a bound; day 366 of a common year runs on into the leap-year
    // row, giving month 24 and day 31: the flattened table reproduces that.
    const table = () => (isLeap(tm.year + 1900) ? MON_YDAY[1] : MON_YDAY[0].concat(MON_YDAY[1]));
    const monthFromYday = () => {
      const t = table();
      let m = 0;
      while (m + 1 < t.length && t[m + 1] <= tm.yday) m++;
      if (!have.mon) tm.mon = m;
      if (!have.mday) tm.mday = tm.yday - t[m] + 1;
    };
    if (s.wantXday && !s.haveWday) {
      if (!(have.mon && have.mday) && have.yday) {
        monthFromYday();
        have.mon = have.mday = true;
      }
      if (tm.year >= -1900) tm.wday = weekday(tm);
    }
    if (s.wantXday && !have.yday) tm.yday = yearday(tm);
    if ((have.uweek || have.wweek) && s.haveWday) {
      const saveWday = tm.wday;
      const saveMday = tm.mday;
      const saveMon = tm.mon;
      const wOffset = have.uweek ? 0 : 1;
      tm.mday = 1;
      tm.mon = 0;
      tm.wday = weekday(tm);
      if (have.mday) tm.mday = saveMday;
      if (have.mon) tm.mon = saveMon;
      if (!have.yday) tm.yday = ((7 - (tm.wday - wOffset)) % 7) + (weekNo - 1) * 7 + ((saveWday - wOffset + 7) % 7);
      if (!have.mday || !have.mon) monthFromYday();
      tm.wday = saveWday;
    }
  }
}
