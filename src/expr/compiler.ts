/**
 * Compiles the jq syntax tree to closures (see runtime.ts for the calling convention): one case per node
 * kind, delegating to the compile-*.ts file of its group (flow, operators, path steps, construction,
 * bindings, try, assignment, calls). Output order follows jq: for binary operators and index keys the
 * right operand is the outer loop; for object construction and `$`-parameters the first one is.
 */
import * as arith from './arith.js';
import type { Node } from './ast.js';
import { checkString } from './budget.js';
import { compileAssign } from './compile-assign.js';
import { compileAs, compileForeach, compileReduce } from './compile-bindings.js';
import { compileCall } from './compile-call.js';
import { collectArray, compileObject, compileString } from './compile-construct.js';
import { comma, identity, ifThenElse, label, pipe } from './compile-flow.js';
import { compileIndex, compileSlice, iterate, recurseAll } from './compile-index.js';
import { BINARY, binary, logical, unary } from './compile-operators.js';
import { compileTry, compileAlt } from './compile-try.js';
import { syntaxError } from './errors.js';
import type { Json } from './json.js';
import { format as applyFormat } from './natives/formats.js';
import { BreakSignal, type Code, single, up, valuesOnly } from './runtime.js';
import { type FnInfo, type Scope, depthOf, extend, lookupFrame } from './scope.js';
import { freeVariable } from './vars.js';
import type { CompilerContext, NodeCompiler } from './node-compiler.js';

export type { CompilerContext };

export class Compiler implements NodeCompiler {
  constructor(readonly ctx: CompilerContext) {}

  fail(message: string, node: { pos: number }): never {
    throw syntaxError(message, this.ctx.src, node.pos);
  }

  compile(node: Node, scope: Scope | null): Code {
    switch (node.kind) {
      case 'identity':
        return identity;
      case 'recurseDefault':
        return recurseAll;
      case 'literal': {
        const value = node.value;
        return single(() => value);
      }
      case 'loc': {
        const line = node.line;
        return single(() => ({ file: '<top-level>', line }));
      }
      case 'string':
        return compileString(this, node.parts, node.format, scope);
      case 'format': {
        const name = node.name; // an unknown format fails when applied, as in jq
        return single((i) => checkString(applyFormat(name, i)));
      }
      case 'index':
        return compileIndex(this.compile(node.target, scope), this.compile(node.key, scope), node.key, node.opt === true);
      case 'slice':
        return compileSlice(this, node, scope);
      case 'iterate':
        return iterate(this.compile(node.target, scope), node.opt === true);
      case 'pipe':
        return pipe(this.compile(node.left, scope), this.compile(node.right, scope));
      case 'comma':
        return comma(this.compile(node.left, scope), this.compile(node.right, scope));
      case 'neg':
        return unary(this.compile(node.operand, scope), arith.negate);
      case 'binary':
        return binary(this.compile(node.left, scope), this.compile(node.right, scope), BINARY[node.op]);
      case 'and':
      case 'or':
        return logical(node.kind, this.compile(node.left, scope), this.compile(node.right, scope));
      case 'alt':
        return compileAlt(this.compile(node.left, scope), this.compile(node.right, scope));
      case 'assign':
        return compileAssign(node.op, this.compile(node.left, scope), this.compile(node.right, scope));
      case 'array':
        return node.body ? collectArray(this.compile(node.body, scope)) : single(() => []);
      case 'object':
        return compileObject(this, node.entries, scope);
      case 'if':
        return ifThenElse(this.compile(node.cond, scope), this.compile(node.then, scope), node.else ? this.compile(node.else, scope) : identity);
      case 'try':
        return compileTry(this.compile(node.body, scope), node.handler ? this.compile(node.handler, scope) : null);
      case 'reduce':
        return compileReduce(this, node, scope);
      case 'foreach':
        return compileForeach(this, node, scope);
      case 'as':
        return compileAs(this, node, scope);
      case 'label':
        return label(this.compile(node.body, extend(scope, { kind: 'label', name: node.name })));
      case 'break': {
        const hops = lookupFrame(scope, 'label', node.name);
        if (hops === undefined) this.fail(`$*label-${node.name} is not defined`, node);
        return valuesOnly((_i, e) => {
          throw new BreakSignal(up(e, hops)!.v as object);
        });
      }
      case 'var':
        return this.compileVar(node.name, scope, node);
      case 'call':
        return compileCall(this, node, scope);
      case 'def':
        return this.compile(node.rest, this.define(node.def, scope));
    }
  }

  /** Adds a function to the scope and compiles its body (which sees itself, for recursion). */
  define(def: Extract<Node, { kind: 'def' }>['def'], scope: Scope | null, info?: FnInfo): Scope {
    const fn: FnInfo = info ?? { name: def.name, params: def.params, depth: depthOf(scope), code: null };
    const withFn = extend(scope, { kind: 'fn', name: def.name, arity: def.params.length, fn });
    let body = withFn;
    for (const p of def.params) body = extend(body, { kind: 'param', name: p.name });
    for (const p of def.params) if (p.isVar) body = extend(body, { kind: 'var', name: p.name });
    // Optimistically compile recursive calls as single-valued; if the body then is not, compile again.
    fn.assumeOne = true;
    let code = this.compile(def.body, body);
    if (!code.one) {
      fn.assumeOne = false;
      code = this.compile(def.body, body);
    }
    fn.assumeOne = undefined;
    fn.code = code;
    return withFn;
  }

  private compileVar(name: string, scope: Scope | null, node: { pos: number }): Code {
    const hops = lookupFrame(scope, 'var', name);
    if (hops === undefined) {
      if (name === 'ENV') return single(() => ({}));
      if (name === '__prog_args') this.fail(`$${name} is not defined`, node);
      return single(() => freeVariable(name));
    }
    if (hops === 0) return single((_i, e) => e!.v as Json);
    if (hops === 1) return single((_i, e) => e!.p!.v as Json);
    return single((_i, e) => up(e, hops)!.v as Json);
  }
}
