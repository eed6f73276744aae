/** The jq syntax tree produced by parser.ts and consumed by compiler.ts. `pos` is the source offset. */
import type { Json } from './json.js';

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=';
export type AssignOp = '=' | '|=' | '+=' | '-=' | '*=' | '/=' | '%=' | '//=';

export type Pattern =
  | { kind: 'var'; name: string }
  | { kind: 'array'; items: Pattern[] }
  | { kind: 'object'; entries: { key: Node; bind?: string; value?: Pattern }[] };

export interface FuncDef {
  name: string;
  /** Parameter names; `$name` parameters are marked `isVar`. */
  params: { name: string; isVar: boolean }[];
  body: Node;
  pos: number;
}

export type Node = (
  | { kind: 'identity' }
  | { kind: 'recurseDefault' } // `..`
  | { kind: 'literal'; value: Json }
  | { kind: 'string'; parts: (string | Node)[]; format: string | null }
  | { kind: 'format'; name: string } // `@base64` applied to `.`
  // .foo, .[e], t[e]; `opt` (`.foo?`, `.[]?`) suppresses the errors of this step only, not the target's.
  | { kind: 'index'; target: Node; key: Node; opt?: boolean }
  | { kind: 'slice'; target: Node; from: Node | null; to: Node | null; opt?: boolean }
  | { kind: 'iterate'; target: Node; opt?: boolean } // .[]
  | { kind: 'pipe'; left: Node; right: Node }
  | { kind: 'comma'; left: Node; right: Node }
  | { kind: 'neg'; operand: Node }
  | { kind: 'binary'; op: BinaryOp; left: Node; right: Node }
  | { kind: 'and' | 'or' | 'alt'; left: Node; right: Node }
  | { kind: 'assign'; op: AssignOp; left: Node; right: Node }
  | { kind: 'array'; body: Node | null }
  | { kind: 'object'; entries: { key: Node; value: Node }[] }
  | { kind: 'if'; cond: Node; then: Node; else: Node | null }
  | { kind: 'try'; body: Node; handler: Node | null }
  | { kind: 'reduce'; source: Node; patterns: Pattern[]; init: Node; update: Node }
  | { kind: 'foreach'; source: Node; patterns: Pattern[]; init: Node; update: Node; extract: Node | null }
  | { kind: 'as'; source: Node; patterns: Pattern[]; body: Node }
  | { kind: 'label'; name: string; body: Node }
  | { kind: 'break'; name: string }
  | { kind: 'var'; name: string }
  | { kind: 'loc'; line: number }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'def'; def: FuncDef; rest: Node }
) & { pos: number };
