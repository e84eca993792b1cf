// Execution of parsed templates, following Go's text/template exec.go: the walk over the
// tree, pipelines, variables, field chains, function calls with Go's argument typing rules,
// and Go's error messages (`template: NAME:LINE:COL: executing "NAME" at <NODE>: ...`).
//
// Values follow values.ts: undefined is Go's invalid reflect.Value (a missing key), null a nil
// interface{}. As in Go, a pipeline's result that is a nil interface becomes invalid, which is
// why `{{ .missing }}` and `{{ index .m "missing" }}` both print "<no value>".
//
// Safety: every node walked, command evaluated, loop iteration and function call costs steps;
// output, string results and template-call depth are capped (limits below). Exceeding a cap
// is a TemplateError of kind 'limit', never a hang.

import { TemplateError } from './errors.ts';
import { ParseError, isEmptyTree, nodeString, parse, type BranchNode, type ChainNode, type CommandNode, type FieldNode, type IdentifierNode, type ListNode, type Node, type NumberNode, type PipeNode, type TemplateNode, type Tree, type VariableNode } from './parser.ts';
import { formatV, quote } from './printf.ts';
import {
  GoError, Int64, byteLength, goTypeOf, measure, holdsInterfaces, isGoObject, isInt, isList, isMap, isTrue,
  sortedKeys, zeroOf, elemTypeOf, intValue,
  type CallContext, type FuncDef, type ParamType, type RuntimeOptions,
} from './values.ts';

/** Caps on one rendering. */
export interface Limits {
  /** Bytes of output (and of any single string value). Default 4 MiB. */
  maxOutputBytes: number;
  /** Evaluation steps (nodes, commands, iterations, function work). Default 10 million. */
  maxSteps: number;
  /** Nesting of {{template}}, include and tpl calls. Default 1000 (Go: 100000). */
  maxDepth: number;
}

export const defaultLimits: Limits = { maxOutputBytes: 4 * 1024 * 1024, maxSteps: 10_000_000, maxDepth: 1000 };

export type MissingKey = 'default' | 'zero' | 'error';

/** The templates of one set (a top-level template and its {{define}}s) and its functions. */
export class TemplateSet {
  readonly rootName: string;
  readonly trees: Map<string, Tree>;
  readonly funcs: Map<string, FuncDef>;
  readonly builtins: Map<string, FuncDef>;
  readonly missingKey: MissingKey;

  constructor(rootName: string, funcs: Map<string, FuncDef>, builtins: Map<string, FuncDef>, missingKey: MissingKey, trees = new Map<string, Tree>()) {
    this.rootName = rootName;
    this.funcs = funcs;
    this.builtins = builtins;
    this.missingKey = missingKey;
    this.trees = trees;
  }

  /** Returns a copy whose later definitions do not affect this set (Go's Template.Clone). */
  clone(): TemplateSet {
    return new TemplateSet(this.rootName, this.funcs, this.builtins, this.missingKey, new Map(this.trees));
  }

  /** Returns whether a function of this name can be called. */
  hasFunction(name: string): boolean {
    return this.funcs.has(name) || this.builtins.has(name);
  }

  /**
   * Parses text as template `name` and adds its trees (Template.Parse): a new tree replaces
   * an existing one unless it is empty. Returns the tree parsed for `name`. Throws ParseError.
   */
  parse(name: string, text: string): Tree {
    const fresh = new Map<string, Tree>();
    parse(name, text, fresh, { hasFunction: (n) => this.hasFunction(n) });
    for (const [n, tree] of fresh) {
      const old = this.trees.get(n);
      if (old !== undefined && isEmptyTree(tree.root)) continue;
      this.trees.set(n, tree);
    }
    return fresh.get(name) as Tree;
  }
}

/** The shared budget of one rendering, across nested include/tpl executions. */
export class Run {
  readonly limits: Limits;
  readonly options: RuntimeOptions;
  steps = 0;
  written = 0;

  constructor(limits: Limits, options: RuntimeOptions) {
    this.limits = limits;
    this.options = options;
  }
}

/** Collects output and enforces the output cap. */
export class Output {
  private readonly parts: string[] = [];
  private bytes = 0;
  private readonly run: Run;

  constructor(run: Run) {
    this.run = run;
  }

  /** Appends s; returns an error message when a cap is exceeded. */
  write(s: string): string | undefined {
    if (s.length === 0) return undefined;
    const n = s.length < 64 ? byteLength(s) : Buffer.byteLength(s);
    this.bytes += n;
    this.run.written += n;
    if (this.bytes > this.run.limits.maxOutputBytes) return `output exceeds the limit of ${this.run.limits.maxOutputBytes} bytes`;
    if (this.run.written > this.run.limits.maxOutputBytes * 16) return `total output of nested templates exceeds ${this.run.limits.maxOutputBytes * 16} bytes`;
    this.parts.push(s);
    return undefined;
  }

  toString(): string {
    return this.parts.join('');
  }
}

const MISSING = Symbol('missing');
type Final = unknown;

interface Dot {
  v: unknown;
  /** The value came out of a []interface{} or map[string]interface{} (Go type "interface {}"). */
  iface: boolean;
}

interface Variable {
  name: string;
  value: unknown;
  iface: boolean;
}

const breakSignal = { signal: 'break' };
const continueSignal = { signal: 'continue' };

/** Returns the Go spelling of a parameter type (for "expected T" messages). */
export function paramTypeName(t: ParamType): string {
  switch (t) {
    case 'any': return 'interface {}';
    case 'reflect': return 'reflect.Value';
    case 'map': return 'map[string]interface {}';
    case 'list': return '[]interface {}';
    case 'time': return 'time.Time';
    default: return t;
  }
}

function canBeNil(t: ParamType): boolean {
  return t === 'any' || t === 'reflect' || t === 'map' || t === 'list';
}

/** An error raised by a function in a nested template (include/tpl) that keeps the inner error. */
export class NestedTemplateError extends GoError {
  readonly inner: TemplateError;
  constructor(message: string, inner: TemplateError) {
    super(message);
    this.inner = inner;
  }
}

/** Returns Go's ErrorContext: "name:line:col" and the node text (truncated to 20 runes). */
export function errorContext(n: Node): { location: string; line: number; column: number; context: string } {
  const text = n.tree.text.slice(0, n.pos);
  const nl = text.lastIndexOf('\n');
  const column = nl < 0 ? byteLength(text) : byteLength(text.slice(nl + 1));
  let line = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  let context = nodeString(n);
  if (byteLength(context) > 20) context = [...context].slice(0, 20).join('') + '...';
  return { location: `${n.tree.parseName}:${line}:${column}`, line, column, context };
}

/** One execution of one template (Go's state); also the CallContext functions receive. */
export class State implements CallContext {
  readonly set: TemplateSet;
  readonly tmplName: string;
  readonly run: Run;
  readonly out: Output;
  readonly depth: number;
  node: Node | null = null;
  vars: Variable[];

  constructor(set: TemplateSet, tmplName: string, dollar: unknown, depth: number, out: Output, run: Run) {
    this.set = set;
    this.tmplName = tmplName;
    this.run = run;
    this.out = out;
    this.depth = depth;
    this.vars = [{ name: '$', value: dollar, iface: false }];
  }

  get options(): RuntimeOptions {
    return this.run.options;
  }

  get maxBytes(): number {
    return this.run.limits.maxOutputBytes;
  }

  // --- errors and budget ---

  at(n: Node): void {
    this.node = n;
  }

  errorf(reason: string, kind: 'exec' | 'limit' = 'exec', inner?: TemplateError): never {
    const name = this.tmplName;
    if (this.node === null) {
      throw new TemplateError({ message: `template: ${name}: ${reason}`, kind, templateName: name, line: 0, reason, inner });
    }
    const { location, line, column, context } = errorContext(this.node);
    throw new TemplateError({
      message: `template: ${location}: executing ${quote(name)} at <${context}>: ${reason}`,
      kind, templateName: name, line, column, context, reason, inner,
    });
  }

  charge(units: number): void {
    this.run.steps += units;
    if (this.run.steps > this.run.limits.maxSteps) this.errorf(`exceeded the limit of ${this.run.limits.maxSteps} evaluation steps`, 'limit');
  }

  checkSize(s: string): string {
    this.checkLength(s.length);
    return s;
  }

  checkLength(bytes: number): void {
    if (bytes > this.run.limits.maxOutputBytes) this.errorf(`a string value exceeds the limit of ${this.run.limits.maxOutputBytes} bytes`, 'limit');
  }

  private write(s: string): void {
    const err = this.out.write(s);
    if (err !== undefined) this.errorf(err, 'limit');
  }

  // --- variables ---

  mark(): number {
    return this.vars.length;
  }

  pop(mark: number): void {
    this.vars.length = mark;
  }

  push(name: string, value: unknown, iface = false): void {
    this.vars.push({ name, value, iface });
  }

  setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        this.vars[i].iface = false;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  setTopVar(n: number, value: unknown, iface: boolean): void {
    const v = this.vars[this.vars.length - n];
    v.value = value;
    v.iface = iface;
  }

  varValue(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i];
    this.errorf(`undefined variable: ${name}`);
  }

  // --- walk ---

  walk(dot: Dot, node: Node): void {
    this.at(node);
    this.charge(1);
    switch (node.type) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'break': throw breakSignal;
      case 'continue': throw continueSignal;
      case 'comment': return;
      case 'if': this.walkIfOrWith(node, dot); return;
      case 'with': this.walkIfOrWith(node, dot); return;
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range': this.walkRange(dot, node); return;
      case 'template': this.walkTemplate(dot, node); return;
      case 'text': this.write(node.text); return;
      default: this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  walkIfOrWith(node: BranchNode, dot: Dot): void {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (typeof val === 'function') this.errorf(`if/with can't use ${formatV(val)}`);
      if (isTrue(val)) {
        if (node.type === 'with') this.walk({ v: val, iface: false }, node.list);
        else this.walk(dot, node.list);
      } else if (node.elseList !== null) {
        this.walk(dot, node.elseList);
      }
    } finally {
      this.pop(mark);
    }
  }

  walkRange(dot: Dot, r: BranchNode): void {
    this.at(r);
    const outer = this.mark();
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.mark();
      const decl = r.pipe.decl;
      const oneIteration = (index: unknown, elem: unknown, elemIface: boolean): void => {
        this.charge(1);
        if (decl.length > 0) {
          if (r.pipe.isAssign) {
            if (decl.length > 1) this.setVar(decl[0].ident[0], index);
            else this.setVar(decl[0].ident[0], elem);
          } else {
            this.setTopVar(1, elem, elemIface);
          }
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem);
          else this.setTopVar(2, index, false);
        }
        try {
          this.walk({ v: elem, iface: elemIface }, r.list);
        } catch (e) {
          if (e !== continueSignal) throw e;
        } finally {
          this.pop(mark);
        }
      };
      try {
        if (isList(val)) {
          if (val.length > 0) {
            const iface = holdsInterfaces(val);
            for (let i = 0; i < val.length; i++) oneIteration(BigInt(i), val[i], iface);
            return;
          }
        } else if (isMap(val)) {
          const keys = sortedKeys(val);
          if (keys.length > 0) {
            const iface = holdsInterfaces(val);
            for (const k of keys) oneIteration(k, val[k], iface);
            return;
          }
        } else if (isInt(val)) {
          // Go 1.24: range over an integer.
          if (decl.length > 1) this.errorf(`can't use ${formatV(val)} to iterate over more than one variable`);
          const n = intValue(val);
          if (n > 0n) {
            if (n > BigInt(this.run.limits.maxSteps)) this.charge(this.run.limits.maxSteps + 1);
            const mk = val instanceof Int64 ? (i: number) => new Int64(BigInt(i)) : (i: number) => BigInt(i);
            for (let i = 0; i < Number(n); i++) oneIteration(mk(i), mk(i), false);
            return;
          }
        } else if (val !== undefined) {
          this.errorf(`range can't iterate over ${formatV(val)}`);
        }
      } catch (e) {
        if (e === breakSignal) return;
        throw e;
      }
      if (r.elseList !== null) this.walk(dot, r.elseList);
    } finally {
      this.pop(outer);
    }
  }

  walkTemplate(dot: Dot, t: TemplateNode): void {
    this.at(t);
    const tree = this.set.trees.get(t.name);
    if (tree === undefined) this.errorf(`template ${quote(t.name)} not defined`);
    if (this.depth >= this.run.limits.maxDepth) this.errorf(`exceeded maximum template depth (${this.run.limits.maxDepth})`, 'limit');
    const newDot = this.evalPipeline(dot, t.pipe);
    const st = new State(this.set, tree.name, newDot, this.depth + 1, this.out, this.run);
    st.walk({ v: newDot, iface: false }, tree.root);
  }

  // --- evaluation ---

  evalPipeline(dot: Dot, pipe: PipeNode | null): unknown {
    if (pipe === null) return undefined;
    this.at(pipe);
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A nil interface{} becomes an invalid value, as Go's evalPipeline does.
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0], value);
      else this.push(v.ident[0], value);
    }
    return value;
  }

  notAFunction(args: Node[] | null, final: Final): void {
    if (args !== null && (args.length > 1 || final !== MISSING)) this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  evalCommand(dot: Dot, cmd: CommandNode, final: Final): unknown {
    this.charge(1);
    const first = cmd.args[0];
    switch (first.type) {
      case 'field': return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain': return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier': return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable': return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool': return first.value;
      case 'dot': return dot.v;
      case 'nil': this.errorf('nil is not a command');
      // falls through (errorf never returns)
      case 'number': return this.idealConstant(first);
      case 'string': return first.text;
    }
    this.errorf(`can't evaluate command ${quote(nodeString(first))}`);
  }

  idealConstant(c: NumberNode): unknown {
    this.at(c);
    const isHexInt = c.text.length > 2 && c.text[0] === '0' && (c.text[1] === 'x' || c.text[1] === 'X') && !/[pP]/.test(c.text);
    const isRuneInt = c.text[0] === "'";
    if (c.isFloat && !isHexInt && !isRuneInt && /[.eEpP]/.test(c.text)) return c.float64;
    if (c.isInt) return c.int64;
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return undefined;
  }

  evalFieldNode(dot: Dot, field: FieldNode, args: Node[] | null, final: Final): unknown {
    this.at(field);
    return this.evalFieldChain(dot, dot.v, dot.iface, field, field.ident, args, final);
  }

  evalChainNode(dot: Dot, chain: ChainNode, args: Node[] | null, final: Final): unknown {
    this.at(chain);
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    let receiver: unknown;
    if (chain.node.type === 'pipe') receiver = this.evalPipeline(dot, chain.node);
    else if (chain.node.type === 'identifier') receiver = this.evalFunction(dot, chain.node, chain.node, null, MISSING);
    else receiver = this.evalArg(dot, 'any', chain.node);
    return this.evalFieldChain(dot, receiver, false, chain, chain.field, args, final);
  }

  evalVariableNode(dot: Dot, variable: VariableNode, args: Node[] | null, final: Final): unknown {
    this.at(variable);
    const v = this.varValue(variable.ident[0]);
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      return v.value;
    }
    return this.evalFieldChain(dot, v.value, v.iface, variable, variable.ident.slice(1), args, final);
  }

  evalFieldChain(dot: Dot, receiver: unknown, iface: boolean, node: Node, ident: string[], args: Node[] | null, final: Final): unknown {
    let r = receiver;
    let ri = iface;
    for (let i = 0; i < ident.length - 1; i++) [r, ri] = this.evalField(dot, ident[i], node, null, MISSING, r, ri);
    return this.evalField(dot, ident[ident.length - 1], node, args, final, r, ri)[0];
  }

  evalField(dot: Dot, fieldName: string, node: Node, args: Node[] | null, final: Final, receiver: unknown, iface: boolean): [unknown, boolean] {
    if (receiver === undefined) {
      if (this.set.missingKey === 'error') this.errorf(`nil data; no entry for key ${quote(fieldName)}`);
      return [undefined, false];
    }
    const typ = iface || receiver === null ? 'interface {}' : goTypeOf(receiver);
    if (receiver === null) this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
    if (isGoObject(receiver)) {
      const method = receiver.goMethod(fieldName);
      if (method !== undefined) return [this.evalCall(dot, method, false, node, fieldName, args, final), false];
    }
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (isMap(receiver)) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      if (Object.hasOwn(receiver, fieldName)) return [receiver[fieldName], holdsInterfaces(receiver)];
      switch (this.set.missingKey) {
        case 'zero': return [zeroOf(elemTypeOf(receiver)), holdsInterfaces(receiver)];
        case 'error': this.errorf(`map has no entry for key ${quote(fieldName)}`);
        // falls through (errorf never returns)
        default: return [undefined, false];
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  evalFunction(dot: Dot, node: IdentifierNode, cmd: Node, args: Node[] | null, final: Final): unknown {
    this.at(node);
    const name = node.ident;
    let fn = this.set.funcs.get(name);
    let isBuiltin = false;
    if (fn === undefined) {
      fn = this.set.builtins.get(name);
      isBuiltin = true;
    }
    if (fn === undefined) this.errorf(`${quote(name)} is not a defined function`);
    return this.evalCall(dot, fn, isBuiltin, cmd, name, args, final);
  }

  evalCall(dot: Dot, fn: FuncDef, isBuiltin: boolean, node: Node, name: string, args: Node[] | null, final: Final): unknown {
    const argNodes = args !== null ? args.slice(1) : [];
    let numIn = argNodes.length;
    if (final !== MISSING) numIn++;
    let numFixed = argNodes.length;
    if (fn.variadic !== undefined) {
      numFixed = fn.params.length;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${fn.params.length} got ${argNodes.length}`);
    } else if (numIn !== fn.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`);
    }

    // and/or short-circuit: arguments are evaluated only as far as needed.
    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: unknown = undefined;
      for (const a of argNodes) {
        v = this.evalArg(dot, 'reflect', a);
        if (isTrue(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'reflect');
      return v;
    }

    const argv: unknown[] = [];
    let i = 0;
    for (; i < numFixed && i < argNodes.length; i++) argv.push(this.evalArg(dot, fn.params[i], argNodes[i]));
    if (fn.variadic !== undefined) for (; i < argNodes.length; i++) argv.push(this.evalArg(dot, fn.variadic, argNodes[i]));
    if (final !== MISSING) {
      let t: ParamType;
      if (fn.variadic !== undefined) t = numIn - 1 < numFixed ? fn.params[numIn - 1] : fn.variadic;
      else t = fn.params[fn.params.length - 1];
      argv.push(this.validateType(final, t));
    }
    if (isBuiltin && name === 'call') {
      // Go passes the callee's text so "non-function .X of type T" can name it.
      argv.unshift(argNodes.length > 0 ? nodeString(argNodes[0]) : formatV(final));
    }
    this.charge(1);
    let result: unknown;
    try {
      result = (fn.fn as (ctx: CallContext, ...a: unknown[]) => unknown)(this, ...argv);
    } catch (err) {
      if (err instanceof TemplateError) throw err;
      if (err instanceof RangeError && /call stack/.test(err.message)) throw err;
      this.at(node);
      const inner = err instanceof NestedTemplateError ? err.inner : undefined;
      this.errorf(`error calling ${name}: ${errorText(err)}`, 'exec', inner);
    }
    if (typeof result === 'string') {
      if (result.length > 4096) {
        this.at(node);
        this.checkSize(result);
        this.charge(result.length >> 10);
      }
    } else if (isList(result) && result.length > 1024) {
      this.charge(result.length >> 4);
    }
    return result;
  }

  validateType(value: unknown, typ: ParamType): unknown {
    if (value === undefined) {
      if (typ === 'reflect') return undefined;
      if (canBeNil(typ)) return null;
      this.errorf(`invalid value; expected ${paramTypeName(typ)}`);
    }
    if (typ === 'any' || typ === 'reflect') return value;
    if (value === null) {
      // A nil interface{} is assignable to nothing concrete.
      this.errorf(`wrong type for value; expected ${paramTypeName(typ)}; got interface {}`);
    }
    if (assignable(value, typ)) return value;
    this.errorf(`wrong type for value; expected ${paramTypeName(typ)}; got ${goTypeOf(value)}`);
  }

  evalArg(dot: Dot, typ: ParamType, n: Node): unknown {
    this.at(n);
    switch (n.type) {
      case 'dot': return this.validateType(dot.v, typ);
      case 'nil':
        if (canBeNil(typ)) return typ === 'reflect' ? undefined : null;
        this.errorf(`cannot assign nil to ${paramTypeName(typ)}`);
      // falls through (errorf never returns)
      case 'field': return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable': return this.validateType(this.evalVariableNode(dot, n, null, MISSING), typ);
      case 'pipe': return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier': return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case 'chain': return this.validateType(this.evalChainNode(dot, n, null, MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.type === 'bool') return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
      // falls through
      case 'float64':
        if (n.type === 'number' && n.isFloat) return n.float64;
        this.errorf(`expected float; found ${nodeString(n)}`);
      // falls through
      case 'int':
      case 'int64':
        if (n.type === 'number' && n.isInt) return typ === 'int' ? n.int64 : new Int64(n.int64);
        this.errorf(`expected integer; found ${nodeString(n)}`);
      // falls through
      case 'uint32':
        if (n.type === 'number' && n.isUint && n.uint64 <= 0xffffffffn) return n.uint64;
        this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
      // falls through
      case 'string':
        if (n.type === 'string') return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
      // falls through
      case 'any':
      case 'reflect':
        return this.evalEmptyInterface(dot, n);
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${paramTypeName(typ)}`);
  }

  evalEmptyInterface(dot: Dot, n: Node): unknown {
    this.at(n);
    switch (n.type) {
      case 'bool': return n.value;
      case 'dot': return dot.v;
      case 'field': return this.evalFieldNode(dot, n, null, MISSING);
      case 'identifier': return this.evalFunction(dot, n, n, null, MISSING);
      case 'number': return this.idealConstant(n);
      case 'string': return n.text;
      case 'variable': return this.evalVariableNode(dot, n, null, MISSING);
      case 'pipe': return this.evalPipeline(dot, n);
    }
    this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }

  printValue(n: Node, v: unknown): void {
    this.at(n);
    if (v === undefined) {
      this.write('<no value>');
      return;
    }
    if (typeof v === 'function') this.errorf(`can't print ${nodeString(n)} of type ${goTypeOf(v)}`);
    if (typeof v === 'object') this.checkLength(measure(v, this.maxBytes + 1));
    this.write(formatV(v));
  }

  // --- CallContext: Helm's include and tpl ---

  include(name: string, data: unknown): string {
    const tree = this.set.trees.get(name);
    if (tree === undefined) throw new GoError(`template: no template ${quote(name)} associated with template ${quote(this.set.rootName)}`);
    if (this.depth >= this.run.limits.maxDepth) {
      throw new GoError(`rendering template has a nested reference name: ${name}: unable to execute template`);
    }
    const dollar = data === null ? undefined : data;
    const out = new Output(this.run);
    const st = new State(this.set, name, dollar, this.depth + 1, out, this.run);
    try {
      st.walk({ v: dollar, iface: false }, tree.root);
    } catch (e) {
      if (e instanceof TemplateError && e.kind !== 'limit') throw new NestedTemplateError(e.message, e);
      throw e;
    }
    return out.toString();
  }

  tpl(source: string, data: unknown): string {
    if (this.depth >= this.run.limits.maxDepth) this.errorf(`exceeded maximum template depth (${this.run.limits.maxDepth})`, 'limit');
    const clone = this.set.clone();
    let tree: Tree;
    try {
      tree = clone.parse(clone.rootName, source);
    } catch (e) {
      if (e instanceof ParseError) throw new GoError(`cannot parse template ${quote(source)}: ${e.message}`);
      throw e;
    }
    const dollar = data === null ? undefined : data;
    const out = new Output(this.run);
    const st = new State(clone, clone.rootName, dollar, this.depth + 1, out, this.run);
    try {
      st.walk({ v: dollar, iface: false }, tree.root);
    } catch (e) {
      if (e instanceof TemplateError && e.kind !== 'limit') {
        throw new NestedTemplateError(`error during tpl function execution for ${quote(source)}: ${e.message}`, e);
      }
      throw e;
    }
    // Helm removes "<no value>" from tpl's output.
    return out.toString().replaceAll('<no value>', '');
  }
}

function assignable(value: unknown, typ: ParamType): boolean {
  switch (typ) {
    case 'string': return typeof value === 'string';
    case 'int': return typeof value === 'bigint';
    case 'int64': return value instanceof Int64;
    case 'uint32': return false;
    case 'float64': return typeof value === 'number';
    case 'bool': return typeof value === 'boolean';
    case 'map': return isMap(value) && goTypeOf(value) === 'map[string]interface {}';
    case 'list': return isList(value) && goTypeOf(value) === '[]interface {}';
    case 'time': return isGoObject(value) && value.goType === 'time.Time';
    default: return true;
  }
}

/** Returns the text of a thrown value, as Go prints an error or a recovered panic. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Runs the tree `name` of a set with data; returns the output. Throws TemplateError. */
export function execute(set: TemplateSet, tree: Tree, data: unknown, run: Run): string {
  const out = new Output(run);
  const dollar = data === null ? undefined : data;
  const st = new State(set, tree.name, dollar, 0, out, run);
  try {
    st.walk({ v: dollar, iface: false }, tree.root);
  } catch (e) {
    if (e === breakSignal || e === continueSignal) throw new Error('internal error: break/continue outside range');
    if (e instanceof RangeError && /call stack/.test(e.message)) {
      throw new TemplateError({
        message: `template: ${tree.name}: exceeded maximum template depth (the JavaScript stack is exhausted)`,
        kind: 'limit', templateName: tree.name, line: 0, reason: 'exceeded maximum template depth',
      });
    }
    throw e;
  }
  return out.toString();
}

export type { ListNode };
