// Parameter validation regexes are Go (RE2) expressions written by template authors and run
// against values users send. RE2 runs in linear time; JavaScript's backtracking engine does not,
// so `(a+)+$` against thirty a's and a b would stall the event loop for every tenant. Two guards:
//   1. input is capped (maxRegexInput characters) before any match;
//   2. the match runs in a vm context with a time limit: V8 interrupts a backtracking regex like
//      any other script, so a catastrophic pattern costs at most regexTimeoutMs once.
// The few RE2-only spellings that have a JavaScript equivalent are translated: leading flag
// groups (?i) (?s) (?m), named groups (?P<name>...), \A and \z.

import vm from 'node:vm';

/** Longest value a validation regex is run against. */
export const maxRegexInput = 10_000;

/** Longest a single match may run before it is abandoned. */
export const regexTimeoutMs = 50;

const context = vm.createContext(Object.create(null) as object);
const script = new vm.Script('pattern.test(input)');
const compiled = new Map<string, RegExp>();

/** Returns the JavaScript RegExp for a Go regular expression; throws SyntaxError when invalid. */
export function goRegExp(source: string): RegExp {
  const cached = compiled.get(source);
  if (cached) return cached;
  let body = source;
  let flags = '';
  const leading = /^\(\?([ims]+)\)/.exec(body);
  if (leading) {
    flags = [...new Set(leading[1])].join('');
    body = body.slice(leading[0].length);
  }
  // An escaped backslash is skipped as a unit so that `\\A` stays a backslash and an A.
  body = body.replace(/\\\\|\\A|\\z|\(\?P</g, (m) => (m === '\\A' ? '(?<![\\s\\S])' : m === '\\z' ? '(?![\\s\\S])' : m === '(?P<' ? '(?<' : m));
  const re = new RegExp(body, flags);
  if (compiled.size > 1000) compiled.clear();
  compiled.set(source, re);
  return re;
}

/** Returns whether `pattern` matches somewhere in `input` (Go's MatchString); throws when it is too slow. */
export function safeMatch(pattern: RegExp, input: string): boolean {
  if (input.length > maxRegexInput) throw new RangeError(`value is longer than ${maxRegexInput} characters`);
  pattern.lastIndex = 0;
  const sandbox = context as { pattern?: RegExp; input?: string };
  sandbox.pattern = pattern;
  sandbox.input = input;
  try {
    return script.runInContext(context, { timeout: regexTimeoutMs }) === true;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new RangeError(`regex ${pattern.source} took longer than ${regexTimeoutMs} ms`);
    throw err;
  } finally {
    sandbox.pattern = undefined;
    sandbox.input = undefined;
  }
}
