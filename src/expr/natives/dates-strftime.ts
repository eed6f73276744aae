/**
 * glibc's strftime in the C locale and the UTC zone, as jq's `strftime`/`strflocaltime` see it (outputs
 * checked against Debian's jq 1.6 on glibc 2.36). Fields come straight from the broken-down time, out of
 * range or not — glibc does not normalize them except for `%s` — so `%m` of month 12 is "13" and `%a`
 * of weekday 9 is "?". Flags `_ - 0 ^ #`, a field width and the `E`/`O` modifiers are honoured; an unknown
 * conversion is copied through as written, as glibc does.
 */
import { DAYS, MONTHS, SUBFORMATS, type Tm, isLeap, timegm } from './dates-calendar.js';

interface Spec {
  pad: string; // '' (default), '-', '_' or '0'
  upper: boolean; // '^'
  swap: boolean; // '#'
  width: number; // -1 when not given
}

/** A number the way glibc pads it: `digits` is the default width, `pad` the default padding ('0' or '_'). */
function num(value: number, digits: number, spec: Spec, defPad = '0'): string {
  const pad = spec.pad || defPad;
  const width = spec.width >= 0 ? spec.width : digits;
  const body = String(Math.abs(value));
  const sign = value < 0 ? '-' : '';
  const shortage = pad === '-' ? 0 : Math.max(0, width - sign.length - body.length);
  return pad === '0' ? sign + '0'.repeat(shortage) + body : ' '.repeat(shortage) + sign + body;
}

/** A word (day or month name, AM/PM, zone): `^` upper-cases, `#` swaps case; padded on the left. */
function word(s: string, spec: Spec, swapTo: 'upper' | 'lower' = 'upper'): string {
  if (spec.upper || (spec.swap && swapTo === 'upper')) s = s.toUpperCase();
  else if (spec.swap) s = s.toLowerCase();
  const shortage = spec.pad === '-' ? 0 : Math.max(0, spec.width - s.length);
  return (spec.pad === '0' ? '0' : ' ').repeat(shortage) + s;
}

/** glibc's iso_week_days: days since the Monday of week 1 of the ISO year containing `yday`. */
function isoWeekDays(yday: number, wday: number): number {
  const big = (Math.trunc(366 / 7) + 2) * 7;
  return yday - ((yday - wday + 4 + big) % 7) + 3;
}

/** ISO 8601 week-based year and week number (for %G %g %V) from tm_yday and tm_wday, as glibc does. */
function isoWeek(tm: Tm): [number, number] {
  const year = tm.year + 1900;
  let days = isoWeekDays(tm.yday, tm.wday);
  let adjust = 0;
  if (days < 0) {
    adjust = -1;
    days = isoWeekDays(tm.yday + 365 + (isLeap(year - 1) ? 1 : 0), tm.wday);
  } else {
    const d = isoWeekDays(tm.yday - 365 - (isLeap(year) ? 1 : 0), tm.wday);
    if (d >= 0) {
      adjust = 1;
      days = d;
    }
  }
  return [year + adjust, Math.trunc(days / 7) + 1];
}

function convert(c: string, tm: Tm, spec: Spec): string | undefined {
  const year = tm.year + 1900;
  const hour12 = tm.hour % 12 === 0 ? 12 : tm.hour % 12;
  const inRange = (v: number, n: number) => v >= 0 && v < n;
  switch (c) {
    case 'a':
      return word(inRange(tm.wday, 7) ? DAYS[tm.wday].slice(0, 3) : '?', spec);
    case 'A':
      return word(inRange(tm.wday, 7) ? DAYS[tm.wday] : '?', spec);
    case 'b':
    case 'h':
      return word(inRange(tm.mon, 12) ? MONTHS[tm.mon].slice(0, 3) : '?', spec);
    case 'B':
      return word(inRange(tm.mon, 12) ? MONTHS[tm.mon] : '?', spec);
    case 'C':
      return num(Math.floor(year / 100), 1, spec); // glibc does not zero-pad the "year-ish" numbers
    case 'd':
      return num(tm.mday, 2, spec);
    case 'e':
      return num(tm.mday, 2, spec, '_');
    case 'g':
      return num((((isoWeek(tm)[0] % 100) + 100) % 100), 2, spec);
    case 'G':
      return num(isoWeek(tm)[0], 1, spec);
    case 'H':
      return num(tm.hour, 2, spec);
    case 'I':
      return num(hour12, 2, spec);
    case 'j':
      return num(tm.yday + 1, 3, spec);
    case 'k':
      return num(tm.hour, 2, spec, '_');
    case 'l':
      return num(hour12, 2, spec, '_');
    case 'm':
      return num(tm.mon + 1, 2, spec);
    case 'M':
      return num(tm.min, 2, spec);
    case 'n':
      return '\n';
    case 'p':
      return word(tm.hour > 11 ? 'PM' : 'AM', spec, 'lower');
    case 'P':
      return word(tm.hour > 11 ? 'pm' : 'am', spec);
    case 's':
      return num(timegm(tm), 1, spec);
    case 'S':
      return num(tm.sec, 2, spec);
    case 't':
      return '\t';
    case 'u':
      return num(((tm.wday - 1 + 7) % 7) + 1, 1, spec);
    case 'U':
      return num(Math.trunc((tm.yday - tm.wday + 7) / 7), 2, spec);
    case 'V':
      return num(isoWeek(tm)[1], 2, spec);
    case 'w':
      return num(tm.wday, 1, spec);
    case 'W':
      return num(Math.trunc((tm.yday - ((tm.wday - 1 + 7) % 7) + 7) / 7), 2, spec);
    case 'y':
      return num((((year % 100) + 100) % 100), 2, spec);
    case 'Y':
      return num(year, 1, spec);
    case 'z':
      return num(0, 4, spec, '0').replace(/^/, '+'); // tm_gmtoff is always 0: jq's time is UTC
    case 'Z':
      return word('UTC', spec, 'lower');
    case '%':
      return '%';
  }
  const sub = SUBFORMATS[c];
  return sub === undefined ? undefined : word(strftimeGlibc(sub, tm), spec);
}

export function strftimeGlibc(fmt: string, tm: Tm): string {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    if (fmt[i] !== '%') {
      out += fmt[i];
      continue;
    }
    const start = i++;
    const spec: Spec = { pad: '', upper: false, swap: false, width: -1 };
    for (; '_-0^#'.includes(fmt[i] ?? 'x'); i++) {
      if (fmt[i] === '^') spec.upper = true;
      else if (fmt[i] === '#') spec.swap = true;
      else spec.pad = fmt[i];
    }
    for (; fmt[i] >= '0' && fmt[i] <= '9'; i++) spec.width = Math.max(spec.width, 0) * 10 + Number(fmt[i]);
    if (fmt[i] === 'E' || fmt[i] === 'O') i++; // alternative representations: none in the C locale
    const got = i < fmt.length ? convert(fmt[i], tm, spec) : undefined;
    if (got === undefined) {
      out += word(fmt.slice(start, i + 1), { ...spec, upper: false, swap: false }); // glibc copies it as written, padded
      continue;
    }
    out += got;
  }
  return out;
}
