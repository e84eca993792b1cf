// templating: a Go text/template engine with the Sprig and Helm functions, for rendering
// virtual cluster templates exactly as Loft renders them (research notes §4.3). Templates are
// user input on a multi-tenant server, so output, evaluation steps and call depth are capped.

import { randomBytes } from 'node:crypto';
import { builtinFuncs } from './builtins.ts';
import { TemplateError } from './errors.ts';
import { Run, TemplateSet, defaultLimits, execute, type Limits, type MissingKey } from './exec.ts';
import { helmFuncs } from './helm.ts';
import { ParseError, type Tree } from './parser.ts';
import { sprigFuncs } from './sprig/index.ts';
import { GoError, fromJs, type FuncDef, type RuntimeOptions } from './values.ts';

export { TemplateError, type TemplateErrorKind } from './errors.ts';
export { defaultLimits, type Limits, type MissingKey } from './exec.ts';
export { GoError, Int64, toJs, type FuncDef, type ParamType, type CallContext } from './values.ts';

/** Options of renderTemplate / compileTemplate. */
export interface RenderOptions {
  /** The template's name in error messages (Go's template name). Default "template". */
  name?: string;
  /** Go's missingkey option. Default "default" (a missing key prints "<no value>"). */
  missingKey?: MissingKey;
  /**
   * Extra functions: plain JS functions (called with any arguments, errors become
   * "error calling NAME: ...") or FuncDefs with Go parameter types. They override built-ins.
   */
  funcs?: Record<string, ((...args: never[]) => unknown) | FuncDef>;
  /**
   * How integral numbers in the data are typed: Go `int` (default, as YAML decoded by
   * gopkg.in/yaml) or `float64` (as JSON-decoded values, e.g. Helm's .Values).
   */
  numbers?: 'int' | 'float64';
  /** Safety caps; defaults in defaultLimits. */
  limits?: Partial<Limits>;
  /** The clock for now/ago/date (milliseconds since the epoch). Default Date.now. */
  now?: () => number;
  /** The random source for randAlphaNum, uuidv4, randBytes, shuffle... Default crypto. */
  randomBytes?: (n: number) => Uint8Array;
  /** The IANA time zone Go's "Local" means for date/now. Default "UTC". */
  localZone?: string;
}

/** A parsed template set that can be rendered many times. */
export class Template {
  readonly name: string;
  private readonly set: TemplateSet;
  private readonly tree: Tree;
  private readonly options: RenderOptions;

  constructor(set: TemplateSet, tree: Tree, options: RenderOptions) {
    this.set = set;
    this.tree = tree;
    this.name = tree.name;
    this.options = options;
  }

  /** Returns the output of the template applied to data. Throws TemplateError. */
  render(data: unknown): string {
    const limits: Limits = { ...defaultLimits, ...this.options.limits };
    const runtime: RuntimeOptions = {
      now: this.options.now ?? Date.now,
      randomBytes: this.options.randomBytes ?? ((n) => randomBytes(n)),
      localZone: this.options.localZone ?? 'UTC',
    };
    const run = new Run(limits, runtime);
    let steps = 0;
    const values = fromJs(data, this.options.numbers ?? 'int', (n) => {
      steps += n;
      if (steps > limits.maxSteps) throw limitError(this.name, `template data exceeds the limit of ${limits.maxSteps} evaluation steps`);
    });
    run.steps = steps;
    return execute(this.set, this.tree, values, run);
  }
}

function limitError(name: string, reason: string): TemplateError {
  return new TemplateError({ message: `template: ${name}: ${reason}`, kind: 'limit', templateName: name, line: 0, reason });
}

/** Returns the function table: Go builtins, Sprig, Helm's extras, then the caller's. */
function functionTable(options: RenderOptions): Map<string, FuncDef> {
  const funcs = new Map<string, FuncDef>([...sprigFuncs(), ...helmFuncs()]);
  for (const [name, f] of Object.entries(options.funcs ?? {})) {
    if (typeof f === 'function') {
      const js = f as (...a: unknown[]) => unknown;
      funcs.set(name, {
        params: [],
        variadic: 'any',
        fn: (_ctx, ...args: unknown[]) => {
          const r = js(...args);
          return fromJs(r, options.numbers ?? 'int', () => undefined);
        },
      });
    } else funcs.set(name, f);
  }
  return funcs;
}

/** Returns the parsed template; throws TemplateError (kind 'parse') with Go's message. */
export function compileTemplate(source: string, options: RenderOptions = {}): Template {
  const name = options.name ?? 'template';
  const set = new TemplateSet(name, functionTable(options), builtinFuncs(), options.missingKey ?? 'default');
  try {
    const tree = set.parse(name, source);
    return new Template(set, tree, options);
  } catch (e) {
    if (e instanceof ParseError) {
      const reason = e.message.replace(/^template: [^:]*:\d+: /, '');
      throw new TemplateError({ message: e.message, kind: 'parse', templateName: e.templateName, line: e.line, reason });
    }
    if (e instanceof RangeError) throw limitError(name, 'template nests too deeply');
    throw e;
  }
}

/** Returns the output of the Go template `source` applied to data. Throws TemplateError. */
export function renderTemplate(source: string, data: unknown, options: RenderOptions = {}): string {
  return compileTemplate(source, options).render(data);
}

export { GoError as TemplateFunctionError };
