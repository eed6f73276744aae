/**
 * `_match_impl` against jq 1.7.1: every expected value below is jq 1.7.1's own output (its WebAssembly
 * build, `_match_impl(re; flags; test)` on the same input), compared as `jq -c` text so that key order
 * counts too. Regex errors are the same in Debian's jq 1.6. Cases that need backtracking (backreferences,
 * lookaround, atomic groups, possessive quantifiers) are refused on RE2: they are in regex-re2.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ExprError } from '../errors.js';
import type { Json } from '../json.js';
import { stringify } from '../stringify.js';
import { matchImpl } from './regex.js';

interface JsonMatch {
  offset: number;
  length: number;
  string: string;
  captures: Json[];
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

const matches = (input: string, re: string, flags: string | null) => matchImpl(input, re, flags, false) as unknown as JsonMatch[];
const offsets = (input: string, re: string, flags: string | null) => matches(input, re, flags).map((m) => m.offset);

// [input, regex, modifiers, testmode, jq 1.7.1's result]
const MATCHES: [Json, Json, Json, boolean, Json][] = [
  ["abc", "", "g", false, [{"offset":0,"length":0,"string":"","captures":[]},{"offset":1,"length":0,"string":"","captures":[]},{"offset":2,"length":0,"string":"","captures":[]},{"offset":3,"length":0,"string":"","captures":[]}]],
  ["abc", "b", null, false, [{"offset":1,"length":1,"string":"b","captures":[]}]],
  ["abc", "x", null, false, []],
  ["abc", "b", null, true, true],
  ["abc", "x", "g", true, false],
  ["xyz😀abc", "abc", null, false, [{"offset":4,"length":3,"string":"abc","captures":[]}]],
  ["a😀c", ".", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]},{"offset":1,"length":1,"string":"😀","captures":[]},{"offset":2,"length":1,"string":"c","captures":[]}]],
  ["ā bar", "bar", null, false, [{"offset":2,"length":3,"string":"bar","captures":[]}]],
  ["a bār", "bār", null, false, [{"offset":2,"length":3,"string":"bār","captures":[]}]],
  ["foo bar foo foo  foo", "foo (?<bar123>bar)? foo", "ig", false, [{"offset":0,"length":11,"string":"foo bar foo","captures":[{"offset":4,"length":3,"string":"bar","name":"bar123"}]},{"offset":12,"length":8,"string":"foo  foo","captures":[{"offset":-1,"string":null,"length":0,"name":"bar123"}]}]],
  ["abc", "(x)?b", null, false, [{"offset":1,"length":1,"string":"b","captures":[{"offset":-1,"string":null,"length":0,"name":null}]}]],
  ["abc", "(x)?", "g", false, [{"offset":0,"length":0,"string":"","captures":[{"offset":0,"string":"","length":0,"name":null}]},{"offset":1,"length":0,"string":"","captures":[{"offset":1,"string":"","length":0,"name":null}]},{"offset":2,"length":0,"string":"","captures":[{"offset":2,"string":"","length":0,"name":null}]},{"offset":3,"length":0,"string":"","captures":[{"offset":3,"string":"","length":0,"name":null}]}]],
  ["abc", "(?<n>x)?(y)?", "g", false, [{"offset":0,"length":0,"string":"","captures":[{"offset":0,"string":"","length":0,"name":"n"},{"offset":0,"string":"","length":0,"name":null}]},{"offset":1,"length":0,"string":"","captures":[{"offset":1,"string":"","length":0,"name":"n"},{"offset":1,"string":"","length":0,"name":null}]},{"offset":2,"length":0,"string":"","captures":[{"offset":2,"string":"","length":0,"name":"n"},{"offset":2,"string":"","length":0,"name":null}]},{"offset":3,"length":0,"string":"","captures":[{"offset":3,"string":"","length":0,"name":"n"},{"offset":3,"string":"","length":0,"name":null}]}]],
  ["ab", "(a)|(b)", "g", false, [{"offset":0,"length":1,"string":"a","captures":[{"offset":0,"length":1,"string":"a","name":null},{"offset":-1,"string":null,"length":0,"name":null}]},{"offset":1,"length":1,"string":"b","captures":[{"offset":-1,"string":null,"length":0,"name":null},{"offset":1,"length":1,"string":"b","name":null}]}]],
  ["ab", "(?<x>a)|(?<x>b)", "g", false, [{"offset":0,"length":1,"string":"a","captures":[{"offset":0,"length":1,"string":"a","name":"x"},{"offset":-1,"string":null,"length":0,"name":"x"}]},{"offset":1,"length":1,"string":"b","captures":[{"offset":-1,"string":null,"length":0,"name":"x"},{"offset":1,"length":1,"string":"b","name":"x"}]}]],
  ["abc", "c?", "g", false, [{"offset":0,"length":0,"string":"","captures":[]},{"offset":1,"length":0,"string":"","captures":[]},{"offset":2,"length":1,"string":"c","captures":[]},{"offset":3,"length":0,"string":"","captures":[]}]],
  ["baaa", "a*", "gn", false, [{"offset":1,"length":3,"string":"aaa","captures":[]}]],
  ["aAbB", "a", "gi", false, [{"offset":0,"length":1,"string":"a","captures":[]},{"offset":1,"length":1,"string":"A","captures":[]}]],
  ["aAbB", "(?i)a", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]},{"offset":1,"length":1,"string":"A","captures":[]}]],
  ["a\nb", "^b", "g", false, []],
  ["a\nb", "(?m)^b", "g", false, [{"offset":2,"length":1,"string":"b","captures":[]}]],
  ["a\nb\n", "b$", "g", false, [{"offset":2,"length":1,"string":"b","captures":[]}]],
  ["a\nb\n\n", "b$", "g", false, []],
  ["a\nb", "a.b", "s", false, []],
  ["a\nb", "a.b", "m", false, [{"offset":0,"length":3,"string":"a\nb","captures":[]}]],
  ["a\nb", "a.b", "p", false, [{"offset":0,"length":3,"string":"a\nb","captures":[]}]],
  ["a\nb", "a.b", "x", false, []],
  ["a b", "a b", "x", false, []],
  ["ab", "a b # c", "x", false, [{"offset":0,"length":2,"string":"ab","captures":[]}]],
  ["a b", "a\\ b", "x", false, [{"offset":0,"length":3,"string":"a b","captures":[]}]],
  ["a b", "a[ ]b", "x", false, [{"offset":0,"length":3,"string":"a b","captures":[]}]],
  ["x9fz", "\\h+", "g", false, []],
  ["hH", "\\h|\\H", "g", false, [{"offset":0,"length":1,"string":"h","captures":[]},{"offset":1,"length":1,"string":"H","captures":[]}]],
  ["é٣", "\\w", "g", false, [{"offset":0,"length":1,"string":"é","captures":[]},{"offset":1,"length":1,"string":"٣","captures":[]}]],
  ["é٣", "\\d", "g", false, [{"offset":1,"length":1,"string":"٣","captures":[]}]],
  ["é٣ x", "\\W", "g", false, [{"offset":2,"length":1,"string":" ","captures":[]}]],
  ["aéb", "\\p{L}+", "g", false, [{"offset":0,"length":3,"string":"aéb","captures":[]}]],
  ["aAbB", "A", null, false, [{"offset":1,"length":1,"string":"A","captures":[]}]],
  ["aAbB", "A", "", false, [{"offset":1,"length":1,"string":"A","captures":[]}]],
  ["test", "T", "il", false, [{"offset":0,"length":1,"string":"t","captures":[]}]],
  ["abc", "(a)(b)(c)", null, false, [{"offset":0,"length":3,"string":"abc","captures":[{"offset":0,"length":1,"string":"a","name":null},{"offset":1,"length":1,"string":"b","name":null},{"offset":2,"length":1,"string":"c","name":null}]}]],
  ["foo bar foo", "foo", "g", false, [{"offset":0,"length":3,"string":"foo","captures":[]},{"offset":8,"length":3,"string":"foo","captures":[]}]],
  ["aaa", "a*?", "g", false, [{"offset":0,"length":0,"string":"","captures":[]},{"offset":1,"length":0,"string":"","captures":[]},{"offset":2,"length":0,"string":"","captures":[]},{"offset":3,"length":0,"string":"","captures":[]}]],
  ["abcabc", "(?<x>b)", "g", false, [{"offset":1,"length":1,"string":"b","captures":[{"offset":1,"length":1,"string":"b","name":"x"}]},{"offset":4,"length":1,"string":"b","captures":[{"offset":4,"length":1,"string":"b","name":"x"}]}]],
  ["", "", "g", false, [{"offset":0,"length":0,"string":"","captures":[]}]],
  ["", "x?", "g", false, [{"offset":0,"length":0,"string":"","captures":[]}]],
  ["", "", null, false, [{"offset":0,"length":0,"string":"","captures":[]}]],
  ["a\r\nb", "a\\Rb", null, false, [{"offset":0,"length":4,"string":"a\r\nb","captures":[]}]],
  ["a\nb", "a\\Nb", null, false, []],
  ["a\nb", "a\\Ob", null, false, [{"offset":0,"length":3,"string":"a\nb","captures":[]}]],
  ["a1", "\\x61\\x{31}", null, false, [{"offset":0,"length":2,"string":"a1","captures":[]}]],
  ["a1", "\\141\\061", null, false, [{"offset":0,"length":2,"string":"a1","captures":[]}]],
  ["\u0001\u001b\u0007\f", "\\cA\\e\\a\\f", null, false, [{"offset":0,"length":4,"string":"\u0001\u001b\u0007\f","captures":[]}]],
  ["\u000b", "\\v", null, false, []],
  ["v", "\\v", null, false, [{"offset":0,"length":1,"string":"v","captures":[]}]],
  ["abc\n", "\\Aa|c\\Z|c\\z", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]},{"offset":2,"length":1,"string":"c","captures":[]}]],
  ["aé1_", "[[:alpha:]]+", "g", false, [{"offset":0,"length":2,"string":"aé","captures":[]}]],
  ["aé1_", "[[:^alpha:]]+", "g", false, [{"offset":2,"length":2,"string":"1_","captures":[]}]],
  ["aé1_", "[[:word:]]+", "g", false, [{"offset":0,"length":4,"string":"aé1_","captures":[]}]],
  ["a1", "\\p{^L}", "g", false, [{"offset":1,"length":1,"string":"1","captures":[]}]],
  ["a1", "\\P{L}", "g", false, [{"offset":1,"length":1,"string":"1","captures":[]}]],
  ["a1", "[\\P{L}]", "g", false, [{"offset":1,"length":1,"string":"1","captures":[]}]],
  ["αβ", "\\p{Greek}+", "g", false, [{"offset":0,"length":2,"string":"αβ","captures":[]}]],
  ["aé", "\\p{Alpha}+", "g", false, [{"offset":0,"length":2,"string":"aé","captures":[]}]],
  ["aB", "\\p{Upper}", "g", false, [{"offset":1,"length":1,"string":"B","captures":[]}]],
  ["a-", "[a-]", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]},{"offset":1,"length":1,"string":"-","captures":[]}]],
  ["a]", "[]a]+", "g", false, [{"offset":0,"length":2,"string":"a]","captures":[]}]],
  ["a[c]", "[a[c]]", "g", false, [{"offset":2,"length":2,"string":"c]","captures":[]}]],
  ["a&&", "[a&&b]", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]},{"offset":1,"length":1,"string":"&","captures":[]},{"offset":2,"length":1,"string":"&","captures":[]}]],
  ["a{,2}", "a{,2}", "g", false, [{"offset":0,"length":5,"string":"a{,2}","captures":[]}]],
  ["a{b", "a{b", "g", false, [{"offset":0,"length":3,"string":"a{b","captures":[]}]],
  ["a{1", "a{1", "g", false, [{"offset":0,"length":3,"string":"a{1","captures":[]}]],
  ["a{1,x}", "a{1,x}", "g", false, [{"offset":0,"length":6,"string":"a{1,x}","captures":[]}]],
  ["aaaa", "a**", "g", false, [{"offset":0,"length":4,"string":"aaaa","captures":[]},{"offset":4,"length":0,"string":"","captures":[]}]],
  ["aaaa", "a+?", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]},{"offset":1,"length":1,"string":"a","captures":[]},{"offset":2,"length":1,"string":"a","captures":[]},{"offset":3,"length":1,"string":"a","captures":[]}]],
  ["aaaa", "a{2,}?", "g", false, [{"offset":0,"length":2,"string":"aa","captures":[]},{"offset":2,"length":2,"string":"aa","captures":[]}]],
  ["aaaa", "a??", "g", false, [{"offset":0,"length":0,"string":"","captures":[]},{"offset":1,"length":0,"string":"","captures":[]},{"offset":2,"length":0,"string":"","captures":[]},{"offset":3,"length":0,"string":"","captures":[]},{"offset":4,"length":0,"string":"","captures":[]}]],
  ["aAaA", "((?i)a)a", "g", false, [{"offset":1,"length":2,"string":"Aa","captures":[{"offset":1,"length":1,"string":"A","name":null}]}]],
  ["aAbB", "x(?i)a|b", "g", false, [{"offset":2,"length":1,"string":"b","captures":[]},{"offset":3,"length":1,"string":"B","captures":[]}]],
  ["aAaA", "(?i:a)A", "g", false, [{"offset":0,"length":2,"string":"aA","captures":[]},{"offset":2,"length":2,"string":"aA","captures":[]}]],
  ["aAaA", "(?i)a(?-i:a)", "g", false, [{"offset":1,"length":2,"string":"Aa","captures":[]}]],
  ["aA bB", "(?x) a A", "g", false, [{"offset":0,"length":2,"string":"aA","captures":[]}]],
  ["a\nb", "(?m)a$", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]}]],
  ["a\nb", "(?s)a.b", "g", false, [{"offset":0,"length":3,"string":"a\nb","captures":[]}]],
  ["a\nb", "(?m:a$)", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]}]],
  ["ab", "(?#comment)ab", "g", false, [{"offset":0,"length":2,"string":"ab","captures":[]}]],
  ["ab", "(?'n'a)b", "g", false, [{"offset":0,"length":2,"string":"ab","captures":[{"offset":0,"length":1,"string":"a","name":"n"}]}]],
  ["ab", "(?<n>a)(?<n>b)", "g", false, [{"offset":0,"length":2,"string":"ab","captures":[{"offset":0,"length":1,"string":"a","name":"n"},{"offset":1,"length":1,"string":"b","name":"n"}]}]],
  ["ab", "(?i)A(?-i)B", null, false, []],
  ["aB", "(?i)A(?-i)B", null, false, [{"offset":0,"length":2,"string":"aB","captures":[]}]],
  ["Ab", "(?-i)a", "i", false, []],
  ["aB", "a(?i)b", null, false, [{"offset":0,"length":2,"string":"aB","captures":[]}]],
  ["é", "É", "i", false, [{"offset":0,"length":1,"string":"é","captures":[]}]],
  ["ſ", "s", "i", false, [{"offset":0,"length":1,"string":"ſ","captures":[]}]],
  ["K", "k", "i", false, [{"offset":0,"length":1,"string":"K","captures":[]}]],
  ["a:", "[[:alpha]]", "g", false, []],
  ["aé", "[[:ascii:]]", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]}]],
  ["a1 ", "[[:alnum:][:space:]]+", "g", false, [{"offset":0,"length":3,"string":"a1 ","captures":[]}]],
  ["ab", "[^[:alpha:]]", "g", false, []],
  ["a", "a{0}", "g", false, [{"offset":0,"length":0,"string":"","captures":[]},{"offset":1,"length":0,"string":"","captures":[]}]],
  ["a{", "{", "g", false, [{"offset":1,"length":1,"string":"{","captures":[]}]],
  ["a{", "a{", "g", false, [{"offset":0,"length":2,"string":"a{","captures":[]}]],
  ["xx", "x{1}{2}", "g", false, [{"offset":0,"length":2,"string":"xx","captures":[]}]],
  ["-a", "[a-z-0]+", "g", false, [{"offset":0,"length":2,"string":"-a","captures":[]}]],
  ["p", "\\p", null, false, [{"offset":0,"length":1,"string":"p","captures":[]}]],
  ["é", "\\x{e9}", null, false, [{"offset":0,"length":1,"string":"é","captures":[]}]],
  ["é", "\\xc3\\xa9", null, false, [{"offset":0,"length":1,"string":"é","captures":[]}]],
  ["😀", "\\x{1F600}", null, false, [{"offset":0,"length":1,"string":"😀","captures":[]}]],
  ["a", "\\x{110000}", null, false, []],
  ["x", "\\x", null, false, [{"offset":0,"length":1,"string":"x","captures":[]}]],
  ["\u0000", "\\0", null, false, [{"offset":0,"length":1,"string":"\u0000","captures":[]}]],
  ["A", "\\101", null, false, [{"offset":0,"length":1,"string":"A","captures":[]}]],
  ["\u00008", "\\08", null, false, [{"offset":0,"length":2,"string":"\u00008","captures":[]}]],
  ["lU", "\\p{lu}", "g", false, [{"offset":1,"length":1,"string":"U","captures":[]}]],
  ["aU", "\\p{Uppercase_Letter}", "g", false, [{"offset":1,"length":1,"string":"U","captures":[]}]],
  ["a1_-", "\\p{Alnum}+|\\p{Punct}+", "g", false, [{"offset":0,"length":2,"string":"a1","captures":[]},{"offset":2,"length":2,"string":"_-","captures":[]}]],
  ["a f", "\\p{XDigit}+", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]},{"offset":2,"length":1,"string":"f","captures":[]}]],
  ["a\tb", "\\p{Blank}", "g", false, [{"offset":1,"length":1,"string":"\t","captures":[]}]],
  ["ab c", "\\p{Word}+", "g", false, [{"offset":0,"length":2,"string":"ab","captures":[]},{"offset":3,"length":1,"string":"c","captures":[]}]],
  ["ひら", "\\p{Hiragana}+", "g", false, [{"offset":0,"length":2,"string":"ひら","captures":[]}]],
  ["漢", "\\p{Han}", "g", false, [{"offset":0,"length":1,"string":"漢","captures":[]}]],
  ["a!", "\\p{Any}+", "g", false, [{"offset":0,"length":2,"string":"a!","captures":[]}]],
  ["ab", "a\\sb", null, false, [{"offset":0,"length":3,"string":"ab","captures":[]}]],
  ["a﻿b", "a\\sb", null, false, []],
  ["a　b", "a\\sb", null, false, [{"offset":0,"length":3,"string":"a　b","captures":[]}]],
  ["test", "\\u0074", null, false, []],
  ["a", "u0061", null, false, []],
  ["a,b, c, d, e,f", ", ", "g", false, [{"offset":3,"length":2,"string":", ","captures":[]},{"offset":6,"length":2,"string":", ","captures":[]},{"offset":9,"length":2,"string":", ","captures":[]}]],
  ["Abcabc", "(?<x>.)[^a]*", "g", false, [{"offset":0,"length":3,"string":"Abc","captures":[{"offset":0,"length":1,"string":"A","name":"x"}]},{"offset":3,"length":3,"string":"abc","captures":[{"offset":3,"length":1,"string":"a","name":"x"}]}]],
  ["a1b2", "(?<d>\\d)", "g", false, [{"offset":1,"length":1,"string":"1","captures":[{"offset":1,"length":1,"string":"1","name":"d"}]},{"offset":3,"length":1,"string":"2","captures":[{"offset":3,"length":1,"string":"2","name":"d"}]}]],
  ["ABC DEF", "\\b(?<x>.)", "g", false, [{"offset":0,"length":1,"string":"A","captures":[{"offset":0,"length":1,"string":"A","name":"x"}]},{"offset":3,"length":1,"string":" ","captures":[{"offset":3,"length":1,"string":" ","name":"x"}]},{"offset":4,"length":1,"string":"D","captures":[{"offset":4,"length":1,"string":"D","name":"x"}]}]],
  ["’", "(?<x>.)", null, false, [{"offset":0,"length":1,"string":"’","captures":[{"offset":0,"length":1,"string":"’","name":"x"}]}]],
  ["ab", "", "g", false, [{"offset":0,"length":0,"string":"","captures":[]},{"offset":1,"length":0,"string":"","captures":[]},{"offset":2,"length":0,"string":"","captures":[]}]],
  ["123abc456def", "[^a-z]*(?<x>[a-z]+)", "g", false, [{"offset":0,"length":6,"string":"123abc","captures":[{"offset":3,"length":3,"string":"abc","name":"x"}]},{"offset":6,"length":6,"string":"456def","captures":[{"offset":9,"length":3,"string":"def","name":"x"}]}]],
  ["xyzzy-14", "(?<a>[a-z]+)-(?<n>[0-9]+)", null, false, [{"offset":0,"length":8,"string":"xyzzy-14","captures":[{"offset":0,"length":5,"string":"xyzzy","name":"a"},{"offset":6,"length":2,"string":"14","name":"n"}]}]],
  ["AbC", "[a-c]+", "gi", false, [{"offset":0,"length":3,"string":"AbC","captures":[]}]],
  ["ÀÉ", "[à-é]+", "gi", false, [{"offset":0,"length":2,"string":"ÀÉ","captures":[]}]],
  ["aBc", "b", "gix", false, [{"offset":1,"length":1,"string":"B","captures":[]}]],
  ["a\nb\nc", "^.", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]}]],
  ["a\nb\nc", "(?m)^.", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]},{"offset":2,"length":1,"string":"b","captures":[]},{"offset":4,"length":1,"string":"c","captures":[]}]],
  ["a\nb\nc", ".$", "g", false, [{"offset":4,"length":1,"string":"c","captures":[]}]],
  ["a\nb\nc", "(?m).$", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]},{"offset":2,"length":1,"string":"b","captures":[]},{"offset":4,"length":1,"string":"c","captures":[]}]],
  ["a\r\nb", ".", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]},{"offset":1,"length":1,"string":"\r","captures":[]},{"offset":3,"length":1,"string":"b","captures":[]}]],
  ["x\u2028y", "x.y", null, false, [{"offset":0,"length":3,"string":"x y","captures":[]}]],
  ["aaa", "^a", "g", false, [{"offset":0,"length":1,"string":"a","captures":[]}]],
  ["abab", "(?:ab)+", null, false, [{"offset":0,"length":4,"string":"abab","captures":[]}]],
  ["abcd", "(?<first>a)(b)(?<third>c)", "g", false, [{"offset":0,"length":3,"string":"abc","captures":[{"offset":0,"length":1,"string":"a","name":"first"},{"offset":1,"length":1,"string":"b","name":null},{"offset":2,"length":1,"string":"c","name":"third"}]}]],
  ["aXbXc", "X", "g", false, [{"offset":1,"length":1,"string":"X","captures":[]},{"offset":3,"length":1,"string":"X","captures":[]}]],
  ["aaa", "a{2}", "g", false, [{"offset":0,"length":2,"string":"aa","captures":[]}]],
];

// [input, regex, modifiers, testmode, jq 1.7.1's error message]
const ERRORS: [Json, Json, Json, boolean, string][] = [
  ["a", "a", "q", false, "q is not a valid modifier string"],
  ["a", "a", "gq", false, "gq is not a valid modifier string"],
  ["a", "a", 1, false, "number (1) is not a string"],
  ["a", 1, null, false, "number (1) is not a string"],
  [1, "a", null, false, "number (1) cannot be matched, as it is not a string"],
  [{"a":123456789012}, "a", null, false, "object ({\"a\":123456...) cannot be matched, as it is not a string"],
  [null, null, null, false, "null (null) cannot be matched, as it is not a string"],
  ["a", "a", ["g"], false, "array ([\"g\"]) is not a string"],
  ["a", "(", null, false, "Regex failure: end pattern with unmatched parenthesis"],
  ["a", "[", null, false, "Regex failure: premature end of char-class"],
  ["a", "\\", null, false, "Regex failure: end pattern at escape"],
  ["a", "(?<n>a)\\k<m>", null, false, "Regex failure: undefined name <m> reference"],
  ["ab", "(?P<n>a)b", "g", false, "Regex failure: undefined group option"],
  ["a", "\\k<n>(?<n>a)", null, false, "Regex failure: undefined name <n> reference"],
  ["a", "\\p{Foo}", null, false, "Regex failure: invalid character property name {Foo}"],
  ["a", "\\p{^Foo}", null, false, "Regex failure: invalid character property name {Foo}"],
  ["a", "[[:foo:]]", null, false, "Regex failure: invalid POSIX bracket type"],
  ["a", "a{3,2}", null, false, "Regex failure: upper is smaller than lower in repeat range"],
  ["a", "a{100001}", null, false, "Regex failure: too big number for repeat range"],
  ["a", "a{2,100001}", null, false, "Regex failure: too big number for repeat range"],
  ["a", "*a", null, false, "Regex failure: target of repeat operator is not specified"],
  ["a", "a|*", null, false, "Regex failure: target of repeat operator is not specified"],
  ["a", "a)", null, false, "Regex failure: unmatched close parenthesis"],
  ["a", "[b-a]", null, false, "Regex failure: empty range in char class"],
  ["a", "[a-\\d]", null, false, "Regex failure: char-class value at end of range"],
  ["a", "(?<>a)", null, false, "Regex failure: group name is empty"],
  ["a", "(?<1a>a)", null, false, "Regex failure: invalid group name <1a>"],
  ["a", "(?<a", null, false, "Regex failure: invalid group name <a>"],
  ["a", "(?", null, false, "Regex failure: end pattern in group"],
  ["a", "(?z)", null, false, "Regex failure: undefined group option"],
  ["a", "[]", null, false, "Regex failure: empty char-class"],
  ["a", "[^]", null, false, "Regex failure: empty char-class"],
  ["a", "(a)\\2", null, false, "Regex failure: invalid backref number/name"],
  ["a", "\\k<a>", null, false, "Regex failure: undefined name <a> reference"],
  ["a", "\\k<1>", null, false, "Regex failure: invalid backref number/name"],
  ["a", "{1}", null, false, "Regex failure: target of repeat operator is not specified"],
  ["a", "^*", null, false, "Regex failure: target of repeat operator is invalid"],
  ["a", "\\b+", null, false, "Regex failure: target of repeat operator is invalid"],
  ["a", "(?=a)*", null, false, "Regex failure: (?=…) (lookahead) is not supported: lookaround needs backtracking; Weft's regular expressions run in linear time (RE2)"],
  ["a", "[\\w-z]", null, false, "Regex failure: unmatched range specifier in char-class"],
  ["a", "[z-\\w]", null, false, "Regex failure: char-class value at end of range"],
  ["a", "\\p{", null, false, "Regex failure: end pattern with unmatched parenthesis"],
  ["a", "\\c", null, false, "Regex failure: end pattern at control"],
  ["a", "(?i", null, false, "Regex failure: end pattern in group"],
  ["é", "\\xe9", null, false, "Regex failure: too short multibyte code string"],
  ["aU", "\\p{L&}+", "g", false, "Regex failure: invalid character property name {L&}"],
];

describe('matchImpl', () => {
  it.each(MATCHES)('%j | _match_impl(%j; %j; %j)', (input, re, flags, test, expected) => {
    expect(stringify(matchImpl(input, re, flags, test))).toBe(stringify(expected));
  });

  it.each(ERRORS)('%j | _match_impl(%j; %j; %j) fails', (input, re, flags, test, message) => {
    expect(errorOf(() => matchImpl(input, re, flags, test))).toBe(message);
  });

  it('throws catchable runtime errors', () => {
    try {
      matchImpl('a', '(', null, false);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExprError);
      expect((e as ExprError).code).toBe('WEFT_ERR_EXPR_RUNTIME');
      expect((e as ExprError).catchable).toBe(true);
    }
  });
});

describe('matchImpl: translation', () => {
  it.each([
    ['\\Gab', 'Regex failure: \\G (search start anchor) is not supported by this implementation'],
    ['a\\Kb', 'Regex failure: \\K (keep) is not supported by this implementation'],
    ['a\\yb', 'Regex failure: \\y (text segment boundary) is not supported by this implementation'],
    ['(a)\\g<1>', "Regex failure: \\g<…> (subexpression call) is not supported: subexpression calls need backtracking; Weft's regular expressions run in linear time (RE2)"],
    ['(?~abc)', 'Regex failure: (?~…) (absent operator) is not supported by this implementation'],
    ['(a)?(?(1)b|c)', "Regex failure: (?(…)…) (conditional) is not supported: conditionals need backtracking; Weft's regular expressions run in linear time (RE2)"],
    ['\\p{In_Basic_Latin}', 'Regex failure: Unicode block property {In_Basic_Latin} is not supported by this implementation'],
  ])('%s', (re, message) => {
    expect(errorOf(() => matchImpl('abc', re, null, false))).toBe(message);
  });

  // Node 20 has no (?i:…) modifiers: the insensitive parts list their case variants (results: jq 1.7.1's).
  it('mixes case-sensitive and case-insensitive parts', () => {
    expect(offsets('aA AA aa Aa', '(?i)a(?-i)a', 'g')).toEqual([6, 9]);
    expect(offsets('xAB xab XAB', 'x(?i:ab)', 'g')).toEqual([0, 4]);
    expect(offsets('ab AB Ab aB', '[a-b](?i)[a-b]', 'g')).toEqual([0, 9]);
    expect(offsets('ÀÉ àé Àé', '(?-i)À(?i)É', 'g')).toEqual([0, 6]);
  });

  it('accepts the l flag (and returns the leftmost match: jq 1.7.1 finds "abc", the longest)', () => {
    expect(matches('abc', 'a|ab|abc', 'l').map((m) => m.string)).toEqual(['a']);
  });

  it('steps one code point after an empty match (jq 1.7.1 steps one UTF-8 byte: offsets 0, 1, 1 here)', () => {
    expect(offsets('é', '', 'g')).toEqual([0, 1]);
    expect(offsets('😀x', '', 'g')).toEqual([0, 1, 2]);
  });

  it('counts offsets and lengths in code points', () => {
    const [m] = matches('😀😀ab😀', 'a(b)😀', null);
    expect(m).toEqual({ offset: 2, length: 3, string: 'ab😀', captures: [{ offset: 3, length: 1, string: 'b', name: null }] });
  });

  it('keeps working past the cache size, with flags part of the key', () => {
    for (let i = 0; i < 300; i++) expect(matchImpl(`x${i}`, `x${i}$`, null, true)).toBe(true);
    expect(matchImpl('A', 'a', null, true)).toBe(false);
    expect(matchImpl('A', 'a', 'i', true)).toBe(true);
    expect(matchImpl('A', 'a', null, true)).toBe(false);
  });

  it('handles long inputs', () => {
    const s = 'ab'.repeat(100000) + '😀';
    expect(matches(s, 'b', 'g').length).toBe(100000);
    expect(matches(s, '😀', null)[0].offset).toBe(200000);
  });
});
