/**
 * Date builtins. Expected values are what Debian's jq 1.6 gives on glibc 2.36 in the UTC zone — jq 1.7.1
 * runs the same libc calls with the same fix-ups, and its messages (read from the jq 1.7.1 binary) are the
 * same but for gmtime's, which 1.6 misspelled "errror".
 */
import { describe, expect, it } from 'vitest';
import type { Json } from '../json.js';
import { stringify } from '../stringify.js';
import { gmtime, localtime, mktime, strflocaltime, strftime, strptime } from './dates.js';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

const GMTIME: [Json, Json][] = [
  [1425599621.123, [2015,2,5,23,53,41.12299990653992,4,63]],
  [1425599621, [2015,2,5,23,53,41,4,63]],
  [-1, [1969,11,31,23,59,59,3,364]],
  [-1.5, [1969,11,31,23,59,59.5,3,364]],
  [0.5, [1970,0,1,0,0,0.5,4,0]],
  [1000000000000, [33658,8,27,1,46,40,5,269]],
  [10000000000000000, [316889355,0,25,17,46,40,6,24]],
  [67000000000000000, [2123147449,11,15,23,6,40,6,348]],
  [-67000000000000000, [-2123143510,0,16,0,53,20,1,15]],
  [-62135596800, [1,0,1,0,0,0,1,0]],
  [-62135596801, [0,11,31,23,59,59,0,365]],
  [253402300800, [10000,0,1,0,0,0,6,0]],
  [951782400, [2000,1,29,0,0,0,2,59]],
  [4107456000, [2100,1,28,0,0,0,0,58]],
];
const GMTIME_ERRORS: [Json, string][] = [
  [100000000000000000000, "error converting number of seconds since epoch to datetime"],
  ["x", "gmtime() requires numeric inputs"],
  [null, "gmtime() requires numeric inputs"],
  [68000000000000000, "error converting number of seconds since epoch to datetime"],
];
const MKTIME: [Json, Json][] = [
  [[2015,2,5,23,51,47,4,63], 1425599507],
  [[2015,2,5,23,51,47.9,4,63], 1425599507],
  [[2015,14,40,25,61,61,0,0], 1460253721],
  [[2015,2,5,23,51,47,4,63,1], 1425599507],
  [[2015.9,2.9,5.9,23.9,51.9,47.9,4,63], 1425599507],
  [[2015,2,5,23,51,-1.5,4,63], 1425599459],
  [[10000000000,0,1,0,0,0,0,0], 67767976233532800],
  [[1900,0,0,10,15,0,8,367], -2209038300],
  [[1970,0,1,0,0,0,0,0], 0],
  [[-100,0,1,0,0,0,0,0], -65322892800],
  [[2000,-13,1,0,0,0,0,0], 912470400],
];
const MKTIME_ERRORS: [Json, string][] = [
  [[2015,2,5,23,51,47], "mktime requires parsed datetime inputs"],
  [[2015,2,5], "mktime requires parsed datetime inputs"],
  ["x", "mktime requires array inputs"],
  [[], "mktime requires parsed datetime inputs"],
  [[1969,11,31,23,59,59,0,0], "invalid gmtime representation"],
  [[2015,2,5,23,51,47,4,"x"], "mktime requires parsed datetime inputs"],
  [[2015,2,5,23,51,47,4], "mktime requires parsed datetime inputs"],
  [[2015,2,5,23,51,47,null,null], "mktime requires parsed datetime inputs"],
  [{}, "mktime requires array inputs"],
];
const STRFTIME: [Json, Json, Json][] = [
  [1425599621, "%Y-%m-%dT%H:%M:%SZ", "2015-03-05T23:53:41Z"],
  [1425599621.9, "%S", "41"],
  [1425599621, "%a %A %b %B %c %e %y %p %I %T %D %F %s %u %w %% %j %Z %z", "Thu Thursday Mar March Thu Mar  5 23:53:41 2015  5 15 PM 11 23:53:41 03/05/15 2015-03-05 1425599621 4 4 % 064 UTC +0000"],
  [0, "%c|%e|%I|%p|%u|%w|%j|%C|%g|%G|%V|%U|%W|%h|%r|%R|%x|%X|%k|%l|%P", "Thu Jan  1 00:00:00 1970| 1|12|AM|4|4|001|19|70|1970|01|00|00|Jan|12:00:00 AM|00:00|01/01/70|00:00:00| 0|12|am"],
  [0, "%n%t", "\n\t"],
  [0, "%E", "%E"],
  [0, "%Ey|%Oy|%q|%v|%i|%-d|%_d|%05Y|%^a|%#b|%10A|%#p|%#Z|%^B|%-j|%_H|%010d", "70|70|%q|%v|%i|1| 1|01970|THU|JAN|  Thursday|am|utc|JANUARY|1| 0|0000000001"],
  [[5,0,1,0,0,0,0,0], "%Y|%C|%y|%G|%g|%F", "5|0|05|4|04|5-01-01"],
  [[-5,0,1,0,0,0,0,0], "%Y|%C|%y|%G|%g|%F", "-5|-1|95|-6|94|-5-01-01"],
  [[12345,0,1,0,0,0,0,0], "%Y|%C|%y|%F", "12345|123|45|12345-01-01"],
  [[2015,12,40,25,61,61,9,400], "%Y-%m-%d %H:%M:%S %a %b %j %u %w", "2015-13-40 25:61:61 ? ? 401 2 9"],
  [[2015,-1,-3,-1,-1,-1,-1,-1], "%m %d %H %M %S %a %b %j %I %p %e %k %l", "00 -3 -1 -1 -1 ? ? 000 -1 AM -3 -1 -1"],
  [[2015,2,5,23,51,47,4,63], "%s", "1425599507"],
  [[2015,2,5,0,0,0,4,63], "%I %l %p", "12 12 AM"],
  [[2015,2,5,12,0,0,4,63], "%I %l %p %P", "12 12 PM pm"],
  [1, "%p", "AM"],
  [1, "%c%c%c%c", "Thu Jan  1 00:00:01 1970Thu Jan  1 00:00:01 1970Thu Jan  1 00:00:01 1970Thu Jan  1 00:00:01 1970"],
  [[2015,2,5,23,51,47,4,63], "%A, %B %d, %Y", "Thursday, March 05, 2015"],
  [[2015.5,2.5,5.5,23,51,47.5,4.5,63.5], "%Y %m %d %S %j", "2015 03 05 47 064"],
  [1435677542.822351, "%A, %B %e, %Y", "Tuesday, June 30, 2015"],
  [0, "é %Y ü", "é 1970 ü"],
  [0, "%", "%"],
  [0, "abc%", "abc%"],
  [0, "%5", "   %5"],
  [0, "%-", "%-"],
  [[2021,0,1,0,0,0,5,0], "%G %g %V %U %W", "2020 20 53 00 00"],
  [[2020,11,31,0,0,0,4,365], "%G %g %V %U %W", "2020 20 53 52 52"],
  [[2024,11,30,0,0,0,1,364], "%G-W%V-%u", "2025-W01-1"],
  [[2010,0,3,0,0,0,0,2], "%G %V %U %W", "2009 53 01 00"],
];
const STRFTIME_ERRORS: [Json, Json, string][] = [
  ["x", 1, "strftime/1 requires parsed datetime inputs"],
  [[2015,2,5,23,51,47,4,63], 1, "strftime/1 requires a string format"],
  [1, "", "strftime/1: unknown system failure"],
  [1, "%c%c%c%c%c%c", "strftime/1: unknown system failure"],
  [1, "%c%c%c%c%c", "strftime/1: unknown system failure"],
  [[2015,2,5,23,51,47], "%A", "strftime/1 requires parsed datetime inputs"],
  [[2015,2,5], "%A", "strftime/1 requires parsed datetime inputs"],
  ["x", "%Y", "strftime/1 requires parsed datetime inputs"],
  [[], "%Y", "strftime/1 requires parsed datetime inputs"],
  [["a"], "%Y", "strftime/1 requires parsed datetime inputs"],
  [[2015,2,5,23,51,47,"x"], "%Y", "strftime/1 requires parsed datetime inputs"],
  [null, "%Y", "strftime/1 requires parsed datetime inputs"],
];
const STRPTIME: [Json, Json, Json][] = [
  ["2015-03-05T23:51:47Z", "%Y-%m-%dT%H:%M:%SZ", [2015,2,5,23,51,47,4,63]],
  ["10:15", "%H:%M", [1900,0,0,10,15,0,8,367]],
  ["Thu, 05 Mar 2015 23:51:47 +0100", "%a, %d %b %Y %H:%M:%S %z", [2015,2,5,23,51,47,4,63]],
  ["Thu, 05 Mar 2015 23:51:47 GMT", "%a, %d %b %Y %H:%M:%S %Z", [2015,2,5,23,51,47,4,63]],
  ["Monday March 2 2015", "%A %B %d %Y", [2015,2,2,0,0,0,1,60]],
  ["  2015-3-5", "%Y-%m-%d", [2015,2,5,0,0,0,4,63]],
  ["2015 64", "%Y %j", [2015,2,5,0,0,0,4,63]],
  ["15/3/5", "%y/%m/%d", [2015,2,5,0,0,0,4,63]],
  ["69/3/5", "%y/%m/%d", [1969,2,5,0,0,0,3,63]],
  ["12:30 PM", "%I:%M %p", [1900,0,0,12,30,0,8,367]],
  ["12:30 am", "%I:%M %p", [1900,0,0,0,30,0,8,367]],
  ["1425599621", "%s", [2015,2,5,23,53,41,4,63]],
  ["23:51:47", "%T", [1900,0,0,23,51,47,8,367]],
  ["03/05/15", "%D", [2015,2,5,0,0,0,4,63]],
  ["2015-03-05", "%F", [2015,2,5,0,0,0,4,63]],
  ["2015-03-05 %", "%F %%", [2015,2,5,0,0,0,4,63]],
  ["2015-03-05  7", "%F %e", [2015,2,7,0,0,0,6,65]],
  ["4", "%u", [1900,0,0,0,0,0,4,367]],
  ["4", "%w", [1900,0,0,0,0,0,4,367]],
  ["2015-03-05 ", "%Y-%m-%d", [2015,2,5,0,0,0,4,63," "]],
  ["2015-03-05  xyz", "%Y-%m-%d", [2015,2,5,0,0,0,4,63,"  xyz"]],
  ["2015 Mar", "%Y %b", [2015,2,0,0,0,0,6,58]],
  ["2015", "%Y", [2015,0,0,0,0,0,3,-1]],
  ["Thursday", "%A", [1900,0,0,0,0,0,4,367]],
  ["15", "%y", [2015,0,0,0,0,0,3,-1]],
  ["69", "%y", [1969,0,0,0,0,0,2,-1]],
  ["68", "%y", [2068,0,0,0,0,0,6,-1]],
  ["20", "%C", [2000,0,0,0,0,0,5,-1]],
  ["20 15", "%C %y", [2015,0,0,0,0,0,3,-1]],
  ["2015-02-30", "%F", [2015,1,30,0,0,0,1,60]],
  ["2015-03-05T23:51:60Z", "%FT%TZ", [2015,2,5,23,51,60,4,63]],
  ["2015-03-05T23:51:61Z", "%FT%TZ", [2015,2,5,23,51,61,4,63]],
  ["20150305", "%Y%m%d", [2015,2,5,0,0,0,4,63]],
  ["Mar 5 2015", "%b %e %Y", [2015,2,5,0,0,0,4,63]],
  ["march 05 2015", "%B %d %Y", [2015,2,5,0,0,0,4,63]],
  ["mArCh 05 2015", "%h %d %Y", [2015,2,5,0,0,0,4,63]],
  ["2015-03-05T23:51:47Z", "%Y-%m-%dT%H:%M:%S%z", [2015,2,5,23,51,47,4,63]],
  ["Thu Mar  5 23:51:47 2015", "%c", [2015,2,5,23,51,47,4,63]],
  ["03/05/15", "%x", [2015,2,5,0,0,0,4,63]],
  ["23:51:47", "%X", [1900,0,0,23,51,47,8,367]],
  ["11:51:47 PM", "%r", [1900,0,0,23,51,47,8,367]],
  ["23:51", "%R", [1900,0,0,23,51,0,8,367]],
  ["a\tb", "a%nb", [1900,0,0,0,0,0,8,367]],
  ["ab", "a%tb", [1900,0,0,0,0,0,8,367]],
  ["2015-064", "%Y-%j", [2015,2,5,0,0,0,4,63]],
  ["1 2015", "%U %Y", [2015,0,0,0,0,0,3,-1]],
  ["10 3 2015", "%U %w %Y", [2015,2,11,0,0,0,3,69]],
  ["10 3 2015", "%W %w %Y", [2015,2,11,0,0,0,3,69]],
  ["2015-03-05 +05:30", "%F %z", [2015,2,5,0,0,0,4,63]],
  ["2015-03-05 Z", "%F %z", [2015,2,5,0,0,0,4,63]],
  ["Thu", "%a", [1900,0,0,0,0,0,4,367]],
  ["2016 366", "%Y %j", [2016,11,31,0,0,0,6,365]],
  ["2015 366", "%Y %j", [2015,24,31,0,0,0,5,365]],
  ["2015 1", "%G %V", [1900,0,0,0,0,0,8,367]],
  ["1970-01-01T00:00:00Z", "%Y-%m-%dT%H:%M:%SZ", [1970,0,1,0,0,0,4,0]],
  ["2015-03-05", "%Y-%m-%e", [2015,2,5,0,0,0,4,63]],
  ["", "", [1900,0,0,0,0,0,8,367]],
  [" ", "", [1900,0,0,0,0,0,8,367," "]],
  ["2015-03-05", " %Y - %m - %d ", [2015,2,5,0,0,0,4,63]],
  ["2015-03-05T23:51:47Z", "%Y-%m-%dT%H:%M:%S%Z", [2015,2,5,23,51,47,4,63]],
  ["5 March", "%e %B", [1900,2,5,0,0,0,1,63]],
  ["PM 3", "%p %I", [1900,0,0,15,0,0,8,367]],
  ["3 PM", "%H %p", [1900,0,0,3,0,0,8,367]],
  ["12", "%I", [1900,0,0,0,0,0,8,367]],
];
const STRPTIME_ERRORS: [Json, Json, string][] = [
  ["2015-03-05", "%Y-%m-%dT%H", "date \"2015-03-05\" does not match format \"%Y-%m-%dT%H\""],
  ["2015-03-05x", "%Y-%m-%d", "date \"2015-03-05x\" does not match format \"%Y-%m-%d\""],
  [1, "%Y", "strptime/1 requires string inputs and arguments"],
  ["1", 1, "strptime/1 requires string inputs and arguments"],
  ["2015-03-05T23:51:47.123Z", "%Y-%m-%dT%H:%M:%S.%fZ", "date \"2015-03-05T23:51:47.123Z\" does not match format \"%Y-%m-%dT%H:%M:%S.%fZ\""],
  ["2015-13-01", "%F", "date \"2015-13-01\" does not match format \"%F\""],
  ["24:00", "%H:%M", "date \"24:00\" does not match format \"%H:%M\""],
  ["99999-01-01", "%Y-%m-%d", "date \"99999-01-01\" does not match format \"%Y-%m-%d\""],
  ["-5-01-01", "%Y-%m-%d", "date \"-5-01-01\" does not match format \"%Y-%m-%d\""],
  ["2015-03-05", "%Y%m%d", "date \"2015-03-05\" does not match format \"%Y%m%d\""],
  ["2015-03-05 +0575", "%F %z", "date \"2015-03-05 +0575\" does not match format \"%F %z\""],
  ["2015-03-05 +5", "%F %z", "date \"2015-03-05 +5\" does not match format \"%F %z\""],
  ["Thurs", "%a", "date \"Thurs\" does not match format \"%a\""],
  ["Ma", "%b", "date \"Ma\" does not match format \"%b\""],
  ["x", "", "date \"x\" does not match format \"\""],
  ["0", "%I", "date \"0\" does not match format \"%I\""],
];

describe('gmtime', () => {
  it.each(GMTIME)('%j', (input, expected) => expect(gmtime(input)).toEqual(expected));
  it.each(GMTIME_ERRORS)('%j fails', (input, message) => expect(errorOf(() => gmtime(input))).toBe(message));
  it('never gives -0', () => {
    expect(stringify(gmtime(-0))).toBe('[1970,0,1,0,0,0,4,0]');
    expect(stringify(mktime([1970, 0, 1, 0, 0, -0.5, 4, 0]))).toBe('0');
  });

  it('fails on NaN and infinities', () => {
    for (const x of [NaN, Infinity, -Infinity]) {
      expect(errorOf(() => gmtime(x))).toBe('error converting number of seconds since epoch to datetime');
    }
  });
});

describe('mktime', () => {
  it.each(MKTIME)('%j', (input, expected) => expect(mktime(input)).toBe(expected));
  it.each(MKTIME_ERRORS)('%j fails', (input, message) => expect(errorOf(() => mktime(input))).toBe(message));
});

describe('strftime', () => {
  it.each(STRFTIME)('%j | strftime(%j)', (input, fmt, expected) => expect(strftime(input, fmt)).toBe(expected));
  it.each(STRFTIME_ERRORS)('%j | strftime(%j) fails', (input, fmt, message) => {
    expect(errorOf(() => strftime(input, fmt))).toBe(message);
  });
  // jq 1.7.1 crashes here (it only checks the format's type for array inputs).
  it('rejects a non-string format for a number input too', () => {
    expect(errorOf(() => strftime(0, 1))).toBe('strftime/1 requires a string format');
  });
});

describe('strptime', () => {
  it.each(STRPTIME)('%j | strptime(%j)', (input, fmt, expected) => expect(strptime(input, fmt)).toEqual(expected));
  it.each(STRPTIME_ERRORS)('%j | strptime(%j) fails', (input, fmt, message) => {
    expect(errorOf(() => strptime(input, fmt))).toBe(message);
  });
});

describe('local time is UTC', () => {
  it('localtime and strflocaltime run the UTC code with their own messages', () => {
    expect(localtime(1425599621.5)).toEqual([2015, 2, 5, 23, 53, 41.5, 4, 63]);
    expect(strflocaltime(1425599621, '%c %Z %z')).toBe('Thu Mar  5 23:53:41 2015 UTC +0000');
    expect(errorOf(() => localtime('x'))).toBe('localtime() requires numeric inputs');
    expect(errorOf(() => strflocaltime('x', '%c'))).toBe('strflocaltime/1 requires parsed datetime inputs');
    expect(errorOf(() => strflocaltime([2015, 2, 5, 23, 51, 47, 4, 63], null))).toBe('strflocaltime/1 requires a string format');
    expect(errorOf(() => strflocaltime(0, ''))).toBe('strflocaltime/1: unknown system failure');
  });
});

describe('round trips', () => {
  // jq's own test: a day at a time from 1970-03-01 for 67 years, through strftime, strptime and mktime.
  it('mktime(strptime(strftime(t))) == t and gmtime agrees with strptime', () => {
    const iso = '%Y-%m-%dT%H:%M:%SZ';
    const t0 = 5101323; // 1970-03-01T01:02:03Z
    for (let day = 0; day < 365 * 67; day += 7) {
      const t = t0 + 86400 * day;
      const text = strftime(t, iso) as string;
      const parsed = strptime(text, iso);
      expect(parsed).toEqual(gmtime(t));
      expect(mktime(parsed)).toBe(t);
    }
    expect(strptime(strftime(t0 + 86400 * (365 * 67 - 1), iso), iso)).toEqual([2037, 1, 11, 1, 2, 3, 3, 41]);
  });

  it('handles years far from the epoch', () => {
    for (const t of [-62135596800, -1e12, 1e12, 253402300799, 6.7e16, -6.7e16]) {
      expect(mktime(gmtime(t))).toBe(t);
    }
  });
});
