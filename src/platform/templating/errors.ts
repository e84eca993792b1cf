// TemplateError: every failure of parsing or executing a template, with the message Go's
// text/template would print, e.g.
//   template: vc:3:12: executing "vc" at <.Values.x.y>: nil pointer evaluating interface {}.y
//   template: vc:1: unexpected "}" in operand

/** What failed: the template text, its execution, or a safety limit. */
export type TemplateErrorKind = 'parse' | 'exec' | 'limit';

/** A template could not be parsed or executed; the message is formatted like Go's. */
export class TemplateError extends Error {
  readonly kind: TemplateErrorKind;
  /** The template (a {{define}} name, or the top-level name) being parsed or executed. */
  readonly templateName: string;
  /** The line in the template source (1-based). */
  readonly line: number;
  /** The byte offset within the line, as in Go's message (0 for parse errors). */
  readonly column: number;
  /** The node being executed, as Go prints it between < and > (truncated to 20 chars). */
  readonly context: string | undefined;
  /** The error without Go's location prefix ("error calling fail: boom"). */
  readonly reason: string;
  /** The error of a nested include/tpl that caused this one. */
  readonly inner: TemplateError | undefined;

  constructor(init: {
    message: string;
    kind: TemplateErrorKind;
    templateName: string;
    line: number;
    column?: number;
    context?: string;
    reason: string;
    inner?: TemplateError;
  }) {
    super(init.message);
    this.name = 'TemplateError';
    this.kind = init.kind;
    this.templateName = init.templateName;
    this.line = init.line;
    this.column = init.column ?? 0;
    this.context = init.context;
    this.reason = init.reason;
    this.inner = init.inner;
  }

  /** Returns the innermost error (where a failing {{include}} or tpl actually failed). */
  innermost(): TemplateError {
    return this.inner ? this.inner.innermost() : this;
  }
}
