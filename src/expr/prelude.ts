/**
 * Builtins defined in jq itself, with jq 1.7.1's semantics (its builtin.jq is the reference). Compiled
 * once, on first use, into global functions that every program can call.
 */
import type { FuncDef, Node } from './ast.js';
import type { Compiler } from './compiler.js';
import type { FnInfo } from './scope.js';

export const PRELUDE = String.raw`
def map(f): [.[] | f];
def map_values(f): .[] |= f;
def sort_by(f): _sort_by_impl(map([f]));
def group_by(f): _group_by_impl(map([f]));
def unique_by(f): [group_by(f)[] | .[0]];
def unique: unique_by(.);
def max_by(f): _max_by_impl(map([f]));
def min_by(f): _min_by_impl(map([f]));
def add: reduce .[] as $x (null; . + $x);
def del(f): delpaths([path(f)]);
def recurse: recurse(.[]?);
def recurse_down: recurse;
def to_entries: [keys_unsorted[] as $k | {key: $k, value: .[$k]}];
def from_entries: reduce .[] as $x ({};
    . + { ($x | .key // .k // .Key // .K // .name // .Name):
          ($x | if has("value") then .value elif has("v") then .v else .Value end) });
def with_entries(f): to_entries | map(f) | from_entries;
def indices($i): if type == "array" and ($i | type) == "array" then .[$i]
  elif type == "array" then .[[$i]]
  elif type == "string" and ($i | type) == "string" then _strindices($i)
  else .[$i] end;
def index($i): indices($i) | .[0];
def rindex($i): indices($i) | .[-1:][0];
def paths: path(..) | select(length > 0);
def paths(node_filter): . as $dot | paths | select(. as $p | $dot | getpath($p) | node_filter);
def leaf_paths: paths(scalars);
def isfinite: type == "number" and (isinfinite | not);
def arrays: select(type == "array");
def objects: select(type == "object");
def iterables: select(type | . == "array" or . == "object");
def booleans: select(type == "boolean");
def numbers: select(type == "number");
def normals: select(isnormal);
def finites: select(isfinite);
def strings: select(type == "string");
def nulls: select(. == null);
def values: select(. != null);
def scalars: select(type | . != "array" and . != "object");
def _flatten($x): reduce .[] as $i ([]; if $i | type == "array" and $x != 0 then . + ($i | _flatten($x - 1)) else . + [$i] end);
def flatten($x): if $x < 0 then error("flatten depth must not be negative") else _flatten($x) end;
def flatten: _flatten(-1);
def fromdateiso8601: strptime("%Y-%m-%dT%H:%M:%SZ") | mktime;
def todateiso8601: strftime("%Y-%m-%dT%H:%M:%SZ");
def fromdate: fromdateiso8601;
def todate: todateiso8601;
def date: todate;
def dateadd(u; n): . + n;
def datesub(u; n): . - n;
def match(re; mode): _match_impl(re; mode; false) | .[];
def match($val): ($val | type) as $vt | if $vt == "string" then match($val; null)
  elif $vt == "array" and ($val | length) > 1 then match($val[0]; $val[1])
  elif $vt == "array" and ($val | length) > 0 then match($val[0]; null)
  else error($vt + " not a string or array") end;
def test(re; mode): _match_impl(re; mode; true);
def test($val): ($val | type) as $vt | if $vt == "string" then test($val; null)
  elif $vt == "array" and ($val | length) > 1 then test($val[0]; $val[1])
  elif $vt == "array" and ($val | length) > 0 then test($val[0]; null)
  else error($vt + " not a string or array") end;
def capture(re; mods): match(re; mods)
  | reduce (.captures | .[] | select(.name != null) | {(.name): .string}) as $pair ({}; . + $pair);
def capture($val): ($val | type) as $vt | if $vt == "string" then capture($val; null)
  elif $vt == "array" and ($val | length) > 1 then capture($val[0]; $val[1])
  elif $vt == "array" and ($val | length) > 0 then capture($val[0]; null)
  else error($vt + " not a string or array") end;
def scan($re; $flags): match($re; "g" + $flags)
  | if (.captures | length > 0) then [.captures | .[] | .string] else .string end;
def scan($re): scan($re; null);
def _nwise($n): def n: if length <= $n then . else .[0:$n], (.[$n:] | n) end; n;
def _nwise(a; $n): a | _nwise($n);
def splits($re; flags): . as $s
  | [match($re; "g" + flags) | (.offset, .offset + .length)]
  | [0] + . + [$s | length]
  | _nwise(2)
  | $s[.[0]:.[1]];
def splits($re): splits($re; null);
def split($re; flags): [splits($re; flags)];
def sub($re; str; $flags): . as $in
  | (reduce match($re; $flags) as $edit ({result: [], previous: 0};
        $in[.previous: ($edit | .offset)] as $gap
      | [reduce ($edit | .captures | .[] | select(.name != null) | {(.name): .string}) as $pair
           ({}; . + $pair) | str] as $inserts
      | reduce range(0; $inserts | length) as $ix (.; .result[$ix] += $gap + $inserts[$ix])
      | .previous = ($edit | .offset + .length))
    | .result[] + $in[.previous:])
  // $in;
def sub($re; str): sub($re; str; "");
def gsub($re; str; $flags): sub($re; str; $flags + "g");
def gsub($re; str): sub($re; str; "g");
def last(f): reduce f as $x (null; $x);
def nth($n; f): if $n < 0 then error("nth doesn't support negative indices")
  else label $out | foreach f as $item ($n + 1; . - 1; if . <= 0 then $item, break $out else empty end) end;
def first: .[0];
def last: .[-1];
def nth($n): .[$n];
def any(generator; condition): isempty(first(generator | condition or empty)) | not;
def all(generator; condition): isempty(first(generator | condition and empty));
def any(condition): any(.[]; condition);
def all(condition): all(.[]; condition);
def any: any(.[]; .);
def all: all(.[]; .);
def in(xs): . as $x | xs | has($x);
def inside(xs): . as $x | xs | contains($x);
def combinations: if length == 0 then [] else .[0][] as $x | (.[1:] | combinations) as $y | [$x] + $y end;
def combinations(n): . as $dot | [range(n)] | map($dot) | combinations;
def transpose: [range(0; map(length) | max // 0) as $i | [.[][$i]]];
def walk(f): def w: if type == "object" then map_values(w) elif type == "array" then map(w) else . end | f; w;
def pick(pathexps): . as $top | reduce path(pathexps) as $p (null; setpath($p; $top | getpath($p)));
def debug(msg): (msg | debug | empty), .;
def fromstream(f): {x: null, e: false} as $init
  | foreach f as $i ($init;
      if .e then $init else . end
      | if $i | length == 2
        then setpath(["e"]; $i[0] | length == 0) | setpath(["x"] + $i[0]; $i[1])
        else setpath(["e"]; $i[0] | length == 1) end;
      if .e then .x else empty end);
def truncate_stream(stream): . as $n | null | stream | . as $input
  | if (.[0] | length) > $n then setpath([0]; .[0][$n:]) else empty end;
def INDEX(stream; idx_expr): reduce stream as $row ({}; .[$row | idx_expr | tostring] |= $row);
def INDEX(idx_expr): INDEX(.[]; idx_expr);
def IN(s): any(s == .; .);
def IN(src; s): any(src == s; .);
def JOIN($idx; idx_expr): [.[] | [., $idx[idx_expr]]];
def JOIN($idx; stream; idx_expr): stream | [., $idx[idx_expr]];
def JOIN($idx; stream; idx_expr; join_expr): stream | [., $idx[idx_expr]] | join_expr;
def bsearch($target):
  if length == 0 then -1
  elif length == 1 then (if $target == .[0] then 0 elif $target < .[0] then -1 else -2 end)
  else . as $in
    | [0, length - 1, null]
    | until(.[0] > .[1];
        if .[2] != null then (.[1] = -1)
        else (((.[1] + .[0]) / 2) | floor) as $mid
          | $in[$mid] as $monkey
          | if $monkey == $target then (.[2] = $mid)
            elif .[0] == .[1] then (.[1] = -1)
            elif $monkey < $target then (.[0] = ($mid + 1))
            else (.[1] = ($mid - 1)) end
        end)
    | if .[2] == null then (if $in[.[0]] < $target then (-2 - .[0]) else (-1 - .[0]) end)
      else .[2] end
  end;
`;

/**
 * Compiles the prelude's definitions into `globals`. All are registered before any body is compiled,
 * so they may call each other regardless of order.
 */
export function compilePrelude(compiler: Compiler, program: Node, globals: Map<string, FnInfo>): void {
  const defs: [FuncDef, FnInfo][] = [];
  for (let node: Node = program; node.kind === 'def'; node = node.rest) {
    const def = node.def;
    const fn: FnInfo = { name: def.name, params: def.params, depth: 0, code: null };
    globals.set(`${def.name}/${def.params.length}`, fn);
    defs.push([def, fn]);
  }
  for (const [def, fn] of defs) compiler.define(def, null, fn);
}
