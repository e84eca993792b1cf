// The parser of Go's text/template (text/template/parse/parse.go and node.go): builds one
// tree per template ({{define}} and {{block}} add more to the set) and reports errors the
// way Go does: `template: NAME:LINE: MESSAGE`, the line being that of the token at hand.

import { Lexer, itemString, type Item, type ItemType } from './lexer.ts';

/** The text and top-level name a node was parsed from (for error locations). */
export interface TreeInfo {
  text: string;
  parseName: string;
}

interface Base {
  pos: number;
  tree: TreeInfo;
}

export interface ListNode extends Base { type: 'list'; nodes: Node[] }
export interface TextNode extends Base { type: 'text'; text: string }
export interface CommentNode extends Base { type: 'comment'; text: string }
export interface PipeNode extends Base { type: 'pipe'; line: number; isAssign: boolean; decl: VariableNode[]; cmds: CommandNode[] }
export interface ActionNode extends Base { type: 'action'; line: number; pipe: PipeNode }
export interface CommandNode extends Base { type: 'command'; args: Node[] }
export interface IdentifierNode extends Base { type: 'identifier'; ident: string }
export interface VariableNode extends Base { type: 'variable'; ident: string[] }
export interface DotNode extends Base { type: 'dot' }
export interface NilNode extends Base { type: 'nil' }
export interface FieldNode extends Base { type: 'field'; ident: string[] }
export interface ChainNode extends Base { type: 'chain'; node: Node; field: string[] }
export interface BoolNode extends Base { type: 'bool'; value: boolean }
export interface NumberNode extends Base {
  type: 'number';
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
  text: string;
}
export interface StringNode extends Base { type: 'string'; quoted: string; text: string }
export interface EndNode extends Base { type: 'end' }
export interface ElseNode extends Base { type: 'else'; line: number }
export interface BranchNode extends Base { type: 'if' | 'range' | 'with'; line: number; pipe: PipeNode; list: ListNode; elseList: ListNode | null }
export interface BreakNode extends Base { type: 'break'; line: number }
export interface ContinueNode extends Base { type: 'continue'; line: number }
export interface TemplateNode extends Base { type: 'template'; line: number; name: string; pipe: PipeNode | null }

export type Node =
  | ListNode | TextNode | CommentNode | PipeNode | ActionNode | CommandNode | IdentifierNode
  | VariableNode | DotNode | NilNode | FieldNode | ChainNode | BoolNode | NumberNode | StringNode
  | EndNode | ElseNode | BranchNode | BreakNode | ContinueNode | TemplateNode;

/** A parsed template: its name and root list. */
export interface Tree {
  name: string;
  root: ListNode;
  info: TreeInfo;
}

/** A parse failure; message is Go's full text ("template: x:1: ..."). */
export class ParseError extends Error {
  readonly line: number;
  readonly templateName: string;
  constructor(message: string, templateName: string, line: number) {
    super(message);
    this.name = 'ParseError';
    this.templateName = templateName;
    this.line = line;
  }
}

// Go caps parenthesized nesting at 10000 (1000 on wasm); a JS stack is closer to wasm's.
const maxStackDepth = 1000;
const maxPipelineCmds = 100_000;

/** Returns Go's String() of a node (used in error contexts and messages). */
export function nodeString(n: Node): string {
  switch (n.type) {
    case 'list': return n.nodes.map(nodeString).join('');
    case 'text': return n.text;
    case 'comment': return '{{' + n.text + '}}';
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ');
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'action': return '{{' + nodeString(n.pipe) + '}}';
    case 'command': return n.args.map((a) => (a.type === 'pipe' ? '(' + nodeString(a) + ')' : nodeString(a))).join(' ');
    case 'identifier': return n.ident;
    case 'variable': return n.ident.join('.');
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'field': return n.ident.map((i) => '.' + i).join('');
    case 'chain': return (n.node.type === 'pipe' ? '(' + nodeString(n.node) + ')' : nodeString(n.node)) + n.field.map((f) => '.' + f).join('');
    case 'bool': return n.value ? 'true' : 'false';
    case 'number': return n.text;
    case 'string': return n.quoted;
    case 'end': return '{{end}}';
    case 'else': return '{{else}}';
    case 'if': case 'range': case 'with': {
      let s = `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}`;
      if (n.elseList) s += '{{else}}' + nodeString(n.elseList);
      return s + '{{end}}';
    }
    case 'break': return '{{break}}';
    case 'continue': return '{{continue}}';
    case 'template': return n.pipe ? `{{template ${goQuoteName(n.name)} ${nodeString(n.pipe)}}}` : `{{template ${goQuoteName(n.name)}}}`;
  }
}

function goQuoteName(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
}

/** Returns whether a tree holds nothing but space and comments (parse.IsEmptyTree). */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.type) {
    case 'comment': return true;
    case 'list': return n.nodes.every(isEmptyTree);
    case 'text': return n.text.trim() === '' && !/[^\t\n\v\f\r \u0085\u00a0]/.test(n.text);
    default: return false;
  }
}

interface ParseOptions {
  /** Returns whether a function of that name exists (for "function %q not defined"). */
  hasFunction: (name: string) => boolean;
}

/**
 * Parses `text` as the template `name`, adding it and every {{define}}/{{block}} to treeSet.
 * Throws ParseError with Go's message.
 */
export function parse(name: string, text: string, treeSet: Map<string, Tree>, options: ParseOptions): void {
  const lexer = new Lexer(text);
  const info: TreeInfo = { text, parseName: name };
  const t = new TreeParser(name, info, lexer, treeSet, options);
  try {
    t.parseTop();
    t.add();
  } catch (err) {
    if (err instanceof RangeError && !(err instanceof ParseError)) {
      throw new ParseError(`template: ${name}:${t.token[0]?.line ?? 1}: template nests too deeply`, name, t.token[0]?.line ?? 1);
    }
    throw err;
  }
}

class TreeParser {
  name: string;
  readonly info: TreeInfo;
  readonly lex: Lexer;
  readonly treeSet: Map<string, Tree>;
  readonly options: ParseOptions;
  root: ListNode | null = null;
  token: Item[] = [];
  peekCount = 0;
  vars: string[] = ['$'];
  actionLine = 0;
  rangeDepth = 0;
  stackDepth = 0;

  constructor(name: string, info: TreeInfo, lex: Lexer, treeSet: Map<string, Tree>, options: ParseOptions) {
    this.name = name;
    this.info = info;
    this.lex = lex;
    this.treeSet = treeSet;
    this.options = options;
  }

  // --- token stream (three-token lookahead, as Go's parser) ---

  next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount];
  }

  backup(): void {
    this.peekCount++;
  }

  backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  nextNonSpace(): Item {
    let token: Item;
    for (;;) {
      token = this.next();
      if (token.typ !== 'space') break;
    }
    return token;
  }

  peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // --- errors ---

  errorf(msg: string): never {
    const line = this.token[0]?.line ?? 1;
    throw new ParseError(`template: ${this.info.parseName}:${line}: ${msg}`, this.info.parseName, line);
  }

  expect(expected: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  expectOneOf(e1: ItemType, e2: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== e1 && token.typ !== e2) this.unexpected(token, context);
    return token;
  }

  unexpected(token: Item, context: string): never {
    if (token.typ === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.info.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  // --- node constructors ---

  node<T extends Node>(n: Omit<T, 'tree'>): T {
    return { ...n, tree: this.info } as T;
  }

  newList(pos: number): ListNode {
    return this.node<ListNode>({ type: 'list', pos, nodes: [] });
  }

  // --- grammar ---

  add(): void {
    const existing = this.treeSet.get(this.name);
    const root = this.root as ListNode;
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.treeSet.set(this.name, { name: this.name, root, info: this.info });
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${goQuoteName(this.name)}`);
  }

  parseTop(): void {
    this.root = this.newList(this.peek().pos);
    while (this.peek().typ !== 'EOF') {
      if (this.peek().typ === 'leftDelim') {
        const delim = this.next();
        if (this.nextNonSpace().typ === 'define') {
          const sub = new TreeParser('definition', this.info, this.lex, this.treeSet, this.options);
          sub.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      this.root.nodes.push(n);
    }
  }

  parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf('string', 'rawString', context);
    this.name = this.unquote(name.val);
    this.expect('rightDelim', context);
    const [list, end] = this.itemList();
    this.root = list;
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.add();
  }

  itemList(): [ListNode, Node] {
    const list = this.newList(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== 'EOF') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'text':
        return this.node<TextNode>({ type: 'text', pos: token.pos, text: token.val });
      case 'leftDelim': {
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case 'comment':
        return this.node<CommentNode>({ type: 'comment', pos: token.pos, text: token.val });
      default:
        this.unexpected(token, 'input');
    }
  }

  action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'block': return this.blockControl();
      case 'break': return this.breakControl(token.pos, token.line);
      case 'continue': return this.continueControl(token.pos, token.line);
      case 'else': return this.elseControl();
      case 'end': return this.endControl();
      case 'if': return this.branchControl('if');
      case 'range': return this.branchControl('range');
      case 'template': return this.templateControl();
      case 'with': return this.branchControl('with');
    }
    this.backup();
    const t = this.peek();
    return this.node<ActionNode>({ type: 'action', pos: t.pos, line: t.line, pipe: this.pipeline('command', 'rightDelim') });
  }

  breakControl(pos: number, line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== 'rightDelim') this.unexpected(token, '{{break}}');
    if (this.rangeDepth === 0) this.errorf('{{break}} outside {{range}}');
    return this.node<BreakNode>({ type: 'break', pos, line });
  }

  continueControl(pos: number, line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== 'rightDelim') this.unexpected(token, '{{continue}}');
    if (this.rangeDepth === 0) this.errorf('{{continue}} outside {{range}}');
    return this.node<ContinueNode>({ type: 'continue', pos, line });
  }

  pipeline(context: string, end: ItemType): PipeNode {
    const token = this.peekNonSpace();
    const pipe = this.node<PipeNode>({ type: 'pipe', pos: token.pos, line: token.line, isAssign: false, decl: [], cmds: [] });
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== 'variable') break;
      this.next();
      // "$x foo" needs three tokens of lookahead to tell an argument from a declaration.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === 'assign' || next.typ === 'declare') {
        pipe.isAssign = next.typ === 'assign';
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === 'space') {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (token.typ) {
        case 'bool': case 'charConstant': case 'complex': case 'dot': case 'field': case 'identifier':
        case 'number': case 'nil': case 'rawString': case 'string': case 'variable': case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          if (pipe.cmds.length > maxPipelineCmds) this.errorf('pipeline too long');
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      switch (c.args[0].type) {
        case 'bool': case 'dot': case 'nil': case 'number': case 'string':
          this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  parseControl(context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const [list, first] = this.itemList();
      let next = first;
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        // "{{else if x}}" and "{{else with x}}" nest a new if/with that ends at the same {{end}}.
        if (context === 'if' && this.peek().typ === 'if') {
          this.next();
          elseList = this.newList(next.pos);
          elseList.nodes.push(this.branchControl('if'));
        } else if (context === 'with' && this.peek().typ === 'with') {
          this.next();
          elseList = this.newList(next.pos);
          elseList.nodes.push(this.branchControl('with'));
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
        }
      }
      return this.node<BranchNode>({ type: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList });
    } finally {
      this.vars.length = mark;
    }
  }

  branchControl(context: 'if' | 'range' | 'with'): BranchNode {
    return this.parseControl(context);
  }

  endControl(): Node {
    return this.node<EndNode>({ type: 'end', pos: this.expect('rightDelim', 'end').pos });
  }

  elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === 'if' || peek.typ === 'with') return this.node<ElseNode>({ type: 'else', pos: peek.pos, line: peek.line });
    const token = this.expect('rightDelim', 'else');
    return this.node<ElseNode>({ type: 'else', pos: token.pos, line: token.line });
  }

  blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const block = new TreeParser(name, this.info, this.lex, this.treeSet, this.options);
    const [list, end] = block.itemList();
    block.root = list;
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    block.add();
    return this.node<TemplateNode>({ type: 'template', pos: token.pos, line: token.line, name, pipe });
  }

  templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return this.node<TemplateNode>({ type: 'template', pos: token.pos, line: token.line, name, pipe });
  }

  parseTemplateName(token: Item, context: string): string {
    if (token.typ === 'string' || token.typ === 'rawString') return this.unquote(token.val);
    this.unexpected(token, context);
  }

  command(): CommandNode {
    const cmd = this.node<CommandNode>({ type: 'command', pos: this.peekNonSpace().pos, args: [] });
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === 'space') continue;
      if (token.typ === 'rightDelim' || token.typ === 'rightParen') this.backup();
      else if (token.typ !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  operand(): Node | null {
    let node = this.term();
    if (node === null) return null;
    if (this.peek().typ === 'field') {
      const chain = this.node<ChainNode>({ type: 'chain', pos: this.peek().pos, node, field: [] });
      while (this.peek().typ === 'field') chain.field.push(this.next().val.slice(1));
      switch (node.type) {
        case 'field':
          node = this.node<FieldNode>({ type: 'field', pos: chain.pos, ident: nodeString(chain).slice(1).split('.') });
          break;
        case 'variable':
          node = this.newVariable(chain.pos, nodeString(chain));
          break;
        case 'bool': case 'string': case 'number': case 'nil': case 'dot':
          this.errorf(`unexpected . after term ${goQuoteName(nodeString(node))}`);
          break;
        default:
          node = chain;
      }
    }
    return node;
  }

  term(): Node | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'identifier':
        if (!this.options.hasFunction(token.val)) this.errorf(`function ${goQuoteName(token.val)} not defined`);
        return this.node<IdentifierNode>({ type: 'identifier', pos: token.pos, ident: token.val });
      case 'dot':
        return this.node<DotNode>({ type: 'dot', pos: token.pos });
      case 'nil':
        return this.node<NilNode>({ type: 'nil', pos: token.pos });
      case 'variable':
        return this.useVar(token.pos, token.val);
      case 'field':
        return this.node<FieldNode>({ type: 'field', pos: token.pos, ident: token.val.slice(1).split('.') });
      case 'bool':
        return this.node<BoolNode>({ type: 'bool', pos: token.pos, value: token.val === 'true' });
      case 'charConstant': case 'complex': case 'number':
        return this.newNumber(token.pos, token.val, token.typ);
      case 'leftParen': {
        if (this.stackDepth >= maxStackDepth) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', 'rightParen');
        } finally {
          this.stackDepth--;
        }
      }
      case 'string': case 'rawString':
        return this.node<StringNode>({ type: 'string', pos: token.pos, quoted: token.val, text: this.unquote(token.val) });
    }
    this.backup();
    return null;
  }

  newVariable(pos: number, name: string): VariableNode {
    return this.node<VariableNode>({ type: 'variable', pos, ident: name.split('.') });
  }

  useVar(pos: number, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (this.vars.includes(v.ident[0])) return v;
    this.errorf(`undefined variable ${goQuoteName(v.ident[0])}`);
  }

  unquote(s: string): string {
    const r = unquoteGo(s);
    if (r === null) this.errorf('invalid syntax');
    return r;
  }

  newNumber(pos: number, text: string, typ: ItemType): NumberNode {
    const n = this.node<NumberNode>({
      type: 'number', pos, text, isInt: false, isUint: false, isFloat: false, isComplex: false,
      int64: 0n, uint64: 0n, float64: 0,
    });
    if (typ === 'charConstant') {
      const r = unquoteChar(text.slice(1), "'");
      if (r === null) this.errorf('invalid syntax');
      if (r.tail !== "'") this.errorf(`malformed character constant: ${text}`);
      n.int64 = BigInt(r.value);
      n.uint64 = BigInt(r.value);
      n.float64 = r.value;
      n.isInt = n.isUint = n.isFloat = true;
      return n;
    }
    if (typ === 'complex' || text.endsWith('i')) {
      // Complex constants (1+2i) exist in Go templates but no template data is complex.
      this.errorf(`complex constants are not supported: ${text}`);
    }
    const u = parseUint(text);
    if (u !== null) {
      n.isUint = true;
      n.uint64 = u;
    }
    const i = parseInt64(text);
    if (i !== null) {
      n.isInt = true;
      n.int64 = i;
      if (i === 0n) {
        n.isUint = true;
        n.uint64 = 0n;
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = Number(n.int64);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = Number(n.uint64);
    } else {
      const f = parseFloat64(text);
      if (f !== null) {
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${text}`);
        n.isFloat = true;
        n.float64 = f;
        if (!n.isInt && Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
          n.isInt = true;
          n.int64 = BigInt(f);
        }
        if (!n.isUint && Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
          n.isUint = true;
          n.uint64 = BigInt(f);
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${goQuoteName(text)}`);
    return n;
  }
}

// ---------------------------------------------------------------------------------------------
// strconv: ParseInt/ParseUint/ParseFloat with base 0, Unquote, UnquoteChar

function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** Returns strconv.ParseUint(s, 0, 64), or null on a syntax or range error. */
export function parseUint(s0: string): bigint | null {
  if (s0 === '') return null;
  let s = s0;
  let base = 10;
  if (s[0] === '0') {
    const c = s.length >= 3 ? s[1].toLowerCase() : '';
    if (c === 'b') { base = 2; s = s.slice(2); }
    else if (c === 'o') { base = 8; s = s.slice(2); }
    else if (c === 'x') { base = 16; s = s.slice(2); }
    else { base = 8; s = s.slice(1); }
  }
  let n = 0n;
  let underscores = false;
  const b = BigInt(base);
  for (const c of s) {
    if (c === '_') { underscores = true; continue; }
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return null;
    n = n * b + BigInt(d);
    if (n > 0xffffffffffffffffn) return null;
  }
  if (underscores && !underscoreOK(s0)) return null;
  return n;
}

/** Returns strconv.ParseInt(s, 0, 64), or null on a syntax or range error. */
export function parseInt64(s: string): bigint | null {
  if (s === '') return null;
  let neg = false;
  let body = s;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    body = s.slice(1);
  }
  const u = parseUint(body);
  if (u === null) return null;
  if (!neg && u > 0x7fffffffffffffffn) return null;
  if (neg && u > 0x8000000000000000n) return null;
  return neg ? -u : u;
}

/** Returns strconv.ParseFloat(s, 64), or null on a syntax or range error. */
export function parseFloat64(s: string): number | null {
  let t = s;
  let sign = 1;
  if (t[0] === '+' || t[0] === '-') {
    sign = t[0] === '-' ? -1 : 1;
    t = t.slice(1);
  }
  if (/^(inf|infinity)$/i.test(t)) return sign * Infinity;
  if (/^nan$/i.test(t)) return NaN;
  if (t.includes('_') && !underscoreOK(s)) return null;
  const clean = t.replace(/_/g, '');
  let v: number;
  if (/^0[xX]/.test(clean)) {
    const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(clean);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null;
    const frac = m[2] ?? '';
    const mant = BigInt('0x' + (m[1] + frac || '0'));
    const exp = Number(m[3]) - 4 * frac.length;
    v = Number(mant) * 2 ** exp;
  } else {
    if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(clean)) return null;
    v = Number(clean);
  }
  if (!Number.isFinite(v)) return null;
  return sign * v;
}

const simpleEscapes: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c };

/**
 * Returns strconv.UnquoteChar(s, quote): the first character (or escape) of s, whether it is
 * a byte (\x, octal) rather than a rune, and the rest; null on invalid syntax.
 */
export function unquoteChar(s: string, quote: string): { value: number; isByte: boolean; tail: string } | null {
  if (s.length === 0) return null;
  const c = s[0];
  if (c === quote && (quote === "'" || quote === '"')) return null;
  if (c !== '\\') {
    const cp = s.codePointAt(0) as number;
    const w = cp > 0xffff ? 2 : 1;
    return { value: cp, isByte: false, tail: s.slice(w) };
  }
  if (s.length <= 1) return null;
  const e = s[1];
  let rest = s.slice(2);
  if (e in simpleEscapes) return { value: simpleEscapes[e], isByte: false, tail: rest };
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    if (rest.length < n) return null;
    const hex = rest.slice(0, n);
    if (!/^[0-9a-fA-F]+$/.test(hex)) return null;
    const v = parseInt(hex, 16);
    rest = rest.slice(n);
    if (e === 'x') return { value: v, isByte: true, tail: rest };
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return null;
    return { value: v, isByte: false, tail: rest };
  }
  if (e >= '0' && e <= '7') {
    const oct = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(oct)) return null;
    const v = parseInt(oct, 8);
    if (v > 255) return null;
    return { value: v, isByte: true, tail: s.slice(4) };
  }
  if (e === "'" || e === '"') {
    if (e !== quote) return null;
    return { value: e.charCodeAt(0), isByte: false, tail: rest };
  }
  return null;
}

/** Returns strconv.Unquote(s) for a "..." or `...` literal, or null on invalid syntax. */
export function unquoteGo(s: string): string | null {
  if (s.length < 2) return null;
  const q = s[0];
  if (q !== s[s.length - 1]) return null;
  const body = s.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) return null;
    return body.replace(/\r/g, '');
  }
  if (q !== '"' && q !== "'") return null;
  if (body.includes('\n')) return null;
  if (!body.includes('\\') && !body.includes(q)) return body;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  let rest = body;
  while (rest.length > 0) {
    const r = unquoteChar(rest, q);
    if (r === null) return null;
    rest = r.tail;
    if (r.isByte || r.value < 0x80) bytes.push(r.value);
    else for (const b of enc.encode(String.fromCodePoint(r.value))) bytes.push(b);
    if (q === "'" && rest.length > 0) return null;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
