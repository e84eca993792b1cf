// The label selector string syntax (labels.Parse in k8s.io/apimachinery pkg/labels/selector.go):
//
//   <selector>    ::= <requirement> | <requirement> "," <selector>
//   <requirement> ::= [!] KEY [ <set-based> | <exact-match> ]
//   <set-based>   ::= ("in" | "notin") "(" VALUE { "," VALUE } ")"
//   <exact-match> ::= ("=" | "==" | "!=" | ">" | "<") VALUE
//
// Whitespace (space, tab, CR, LF) separates tokens; there is no quoting or escaping: a key or
// value is any run of characters other than whitespace and = ! ( ) , > <, and is then validated
// as a qualified name or label value. The lexer and recursive-descent parser follow upstream step
// by step so that every error message is upstream's.

import { badRequest } from '../errors.ts';
import { isQualifiedName } from '../validation/index.ts';
import {
  aggregateMessage,
  binaryOperators,
  compareStrings,
  requirementErrors,
  sortByKey,
  type LabelSelector,
  type Operator,
  type Requirement,
} from './selector.ts';

/** Token kinds; "in" and "notin" are keywords only where an operator may stand. */
type Tok = 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'ident' | 'in' | '<' | '!=' | 'notin' | '(';

interface Token {
  tok: Tok;
  lit: string;
}

const literalTokens: ReadonlyMap<string, Tok> = new Map<string, Tok>([
  [')', ')'],
  [',', ','],
  ['!', '!'],
  ['==', '=='],
  ['=', '='],
  ['>', '>'],
  ['in', 'in'],
  ['<', '<'],
  ['!=', '!='],
  ['notin', 'notin'],
  ['(', '('],
]);

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecialSymbol(ch: string): boolean {
  return ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';
}

/** Returns the tokens of `s`, ending with an end-of-string token (Lexer.Lex until EndOfStringToken). */
function lex(s: string): Token[] {
  // Upstream reads bytes and uses 0 as its end marker, so a NUL ends the input early.
  const nul = s.indexOf('\0');
  const input = nul >= 0 ? s.slice(0, nul) : s;
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < input.length && isWhitespace(input[pos] as string)) pos++;
    if (pos >= input.length) {
      tokens.push({ tok: 'eos', lit: '' });
      return tokens;
    }
    const start = pos;
    if (isSpecialSymbol(input[pos] as string)) {
      // Longest run of special symbols that is still a token: "!=" and "==" are one token,
      // "=(" is "=" then "(".
      let tok: Tok | undefined;
      let end = pos;
      while (pos < input.length && isSpecialSymbol(input[pos] as string)) {
        const candidate = literalTokens.get(input.slice(start, pos + 1));
        if (candidate !== undefined) {
          tok = candidate;
          end = pos + 1;
        } else if (tok !== undefined) {
          break;
        }
        pos++;
      }
      // Every single special symbol is a token, so `tok` is always set here.
      pos = end;
      tokens.push({ tok: tok ?? 'eos', lit: input.slice(start, end) });
    } else {
      while (pos < input.length && !isSpecialSymbol(input[pos] as string) && !isWhitespace(input[pos] as string)) pos++;
      const lit = input.slice(start, pos);
      const keyword = literalTokens.get(lit);
      tokens.push({ tok: keyword ?? 'ident', lit });
    }
  }
}

/** Where a token is read: among values "in" and "notin" are plain identifiers. */
type Context = 'keyAndOperator' | 'values';

/** ParseError carries an upstream parse message until parseSelector turns it into a 400. */
class ParseError extends Error {}

class Parser {
  private readonly tokens: Token[];
  private position = 0;

  constructor(input: string) {
    this.tokens = lex(input);
  }

  private at(i: number, context: Context): Token {
    const t = this.tokens[Math.min(i, this.tokens.length - 1)] as Token;
    if (context === 'values' && (t.tok === 'in' || t.tok === 'notin')) return { tok: 'ident', lit: t.lit };
    return t;
  }

  private lookahead(context: Context): Token {
    return this.at(this.position, context);
  }

  private consume(context: Context): Token {
    const t = this.at(this.position, context);
    this.position++;
    return t;
  }

  /** Returns the requirements in input order (Parser.parse). */
  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead('values');
      if (tok === 'ident' || tok === '!') {
        try {
          requirements.push(this.parseRequirement());
        } catch (err) {
          if (err instanceof ParseError) throw new ParseError(`unable to parse requirement: ${err.message}`);
          throw err;
        }
        const next = this.consume('values');
        if (next.tok === 'eos') return requirements;
        if (next.tok === ',') {
          const after = this.lookahead('values');
          if (after.tok !== 'ident' && after.tok !== '!') throw new ParseError(`found '${after.lit}', expected: identifier after ','`);
        } else {
          throw new ParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
        }
      } else if (tok === 'eos') {
        return requirements;
      } else {
        throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    if (inferred === 'exists' || inferred === '!') return requirement(key, inferred, []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    // Values are a set: deduplicated and sorted (sets.String.List()).
    return requirement(key, operator, [...values].sort(compareStrings));
  }

  private parseKeyAndInferOperator(): [string, Operator | undefined] {
    let operator: Operator | undefined;
    let t = this.consume('values');
    if (t.tok === '!') {
      operator = '!';
      t = this.consume('values');
    }
    if (t.tok !== 'ident') throw new ParseError(`found '${t.lit}', expected: identifier`);
    const keyErrs = isQualifiedName(t.lit);
    // Upstream validates the key here at a nil field path, which prints as "<nil>".
    if (keyErrs.length > 0) throw new ParseError(`<nil>: Invalid value: ${JSON.stringify(t.lit)}: ${keyErrs.join('; ')}`);
    const next = this.lookahead('values').tok;
    if ((next === 'eos' || next === ',') && operator !== '!') operator = 'exists';
    return [t.lit, operator];
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume('keyAndOperator');
    switch (tok) {
      case 'in':
        return 'in';
      case 'notin':
        return 'notin';
      case '=':
        return '=';
      case '==':
        return '==';
      case '!=':
        return '!=';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      default:
        throw new ParseError(`found '${lit}', expected: ${binaryOperators.join(', ')}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume('values');
    if (open.tok !== '(') throw new ParseError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead('values');
    if (tok === 'ident' || tok === ',') {
      const values = this.parseIdentifiersList();
      // parseIdentifiersList only returns with ')' next; upstream reports the earlier literal here.
      if (this.consume('values').tok !== ')') throw new ParseError(`found '${lit}', expected: ')'`);
      return values;
    }
    if (tok === ')') {
      this.consume('values');
      return new Set(['']);
    }
    throw new ParseError(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume('values');
      if (tok === 'ident') {
        values.add(lit);
        const next = this.lookahead('values');
        if (next.tok === ',') continue;
        if (next.tok === ')') return values;
        throw new ParseError(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === ',') {
        // Empty values: "(,a)", "(a,)" and "(a,,b)" all contain "".
        if (values.size === 0) values.add('');
        const next = this.lookahead('values').tok;
        if (next === ')') {
          values.add('');
          return values;
        }
        if (next === ',') values.add('');
      } else {
        throw new ParseError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead('values').tok;
    if (next === 'eos' || next === ',') return new Set(['']);
    const { tok, lit } = this.consume('values');
    if (tok === 'ident') return new Set([lit]);
    throw new ParseError(`found '${lit}', expected: identifier`);
  }
}

/** Returns a requirement, or throws a ParseError with the aggregate of its field errors (NewRequirement). */
function requirement(key: string, operator: Operator, values: string[]): Requirement {
  const errs = requirementErrors(key, operator, values);
  if (errs.length > 0) throw new ParseError(aggregateMessage(errs));
  return { key, operator, values };
}

/**
 * Returns the selector a label selector string describes (labels.Parse); "" selects everything.
 * Requirements come out ordered by key. Throws a 400 StatusError with upstream's message, e.g.
 * "unable to parse requirement: found '', expected: '('" or "found ')', expected: !, identifier,
 * or 'end of string'".
 */
export function parseSelector(text: string): LabelSelector {
  try {
    return { requirements: sortByKey(new Parser(text).parse()), matchesNothing: false };
  } catch (err) {
    if (err instanceof ParseError) throw badRequest(err.message);
    throw err;
  }
}
