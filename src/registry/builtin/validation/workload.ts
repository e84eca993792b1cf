// What the workload kinds share (pkg/apis/apps/validation): the label selector and its match
// against the pod template's labels, int-or-percent rollout fields, and the restart policy a
// template of a long-running workload must keep.

import { fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired, validation, type FieldError } from '../../../apimachinery/index.ts';
import { goQuote, goValue, intOrStringValue, labelSelectorValue, stringMapValue } from './go-value.ts';
import { templateLabels, templateRestartPolicy } from './pod-spec.ts';
import { arr, child, isNil, len, nonNegative, objOf, objOr, str, stringMap } from './util.ts';

/** How a metav1.LabelSelector selects: nothing (nil), everything (empty), or by requirements. */
type Selection = { kind: 'nothing' } | { kind: 'everything' } | { kind: 'some'; matches: (labels: Record<string, string>) => boolean } | { kind: 'invalid' };

/** Returns what a selector selects (metav1.LabelSelectorAsSelector), or 'invalid' where upstream's conversion fails. */
export function selection(selectorValue: unknown): Selection {
  const selector = objOf(selectorValue);
  if (!selector) return { kind: 'nothing' };
  const matchLabels = stringMap(selector.matchLabels) ?? {};
  const expressions = arr(selector.matchExpressions).map(objOr);
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return { kind: 'everything' };
  const tests: Array<(labels: Record<string, string>) => boolean> = [];
  for (const [key, value] of Object.entries(matchLabels)) {
    if (validation.isQualifiedName(key).length > 0 || validation.isValidLabelValue(value).length > 0) return { kind: 'invalid' };
    tests.push((labels) => labels[key] === value);
  }
  for (const expr of expressions) {
    const key = str(expr.key);
    const values = arr(expr.values).map(str);
    if (validation.isQualifiedName(key).length > 0) return { kind: 'invalid' };
    switch (expr.operator) {
      case 'In':
      case 'NotIn': {
        if (values.length === 0 || values.some((v) => validation.isValidLabelValue(v).length > 0)) return { kind: 'invalid' };
        const inSet = expr.operator === 'In';
        tests.push((labels) => (Object.hasOwn(labels, key) && values.includes(labels[key] as string)) === inSet);
        break;
      }
      case 'Exists':
      case 'DoesNotExist': {
        if (values.length > 0) return { kind: 'invalid' };
        const exists = expr.operator === 'Exists';
        tests.push((labels) => Object.hasOwn(labels, key) === exists);
        break;
      }
      default:
        return { kind: 'invalid' };
    }
  }
  return { kind: 'some', matches: (labels) => tests.every((t) => t(labels)) };
}

/** Returns whether a selection matches `labels` (a nil selector matches nothing, an empty one everything). */
export function selectionMatches(sel: Selection, labels: Record<string, string>): boolean {
  if (sel.kind === 'everything') return true;
  if (sel.kind === 'some') return sel.matches(labels);
  return false;
}

/**
 * Returns the errors of spec.selector of a Deployment, ReplicaSet or StatefulSet: required,
 * well-formed, and not empty (`empty selector is invalid for <kind>`).
 */
export function validateWorkloadSelector(selector: unknown, kind: string, path: string): FieldError[] {
  if (isNil(selector)) return [fieldRequired(path)];
  const sel = objOr(selector);
  const errs = validation.validateLabelSelector(sel as validation.LabelSelectorSpec, path);
  if (len(sel.matchLabels) + len(sel.matchExpressions) === 0) {
    errs.push(fieldInvalid(path, labelSelectorValue(selector), `empty selector is invalid for ${kind}`));
  }
  return errs;
}

/** Returns the error of a template whose labels the selector does not select. */
export function templateMatchError(selector: unknown, template: unknown, templatePath: string): FieldError[] {
  const sel = selection(selector);
  // An invalid selector is reported on its own; a nil one selects nothing, so it never matches.
  if (sel.kind === 'invalid') return [];
  const labels = templateLabels(template);
  if (selectionMatches(sel, stringMap(labels) ?? {})) return [];
  return [fieldInvalid(child(child(templatePath, 'metadata'), 'labels'), stringMapValue(labels), '`selector` does not match template `labels`')];
}

/** Returns the error of a selector upstream cannot convert, with `detail` as upstream words it per kind. */
export function invalidSelectorError(selector: unknown, path: string, detail: string): FieldError[] {
  return selection(selector).kind === 'invalid' ? [fieldInvalid(path, labelSelectorValue(selector), detail)] : [];
}

/** Returns the restart-policy and deadline errors of a long-running workload's template. */
export function validateAlwaysRestart(template: unknown, templatePath: string, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  const specPath = child(templatePath, 'spec');
  const restartPolicy = templateRestartPolicy(template);
  if (restartPolicy !== 'Always') errs.push(fieldNotSupported(child(specPath, 'restartPolicy'), restartPolicy, ['Always']));
  const activeDeadline = objOr(objOr(template).spec).activeDeadlineSeconds;
  if (typeof activeDeadline === 'number') {
    errs.push(fieldForbidden(child(specPath, 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}

/** Returns the percentage in "25%", or undefined when the value is not a valid percent (getPercentValue). */
function percentOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || validation.isValidPercent(value).length > 0) return undefined;
  return Number(value.slice(0, -1));
}

/** Returns the number an int-or-percent stands for: the percentage, or the integer (getIntOrPercentValue). */
export function intOrPercentValue(value: unknown): number {
  const percent = percentOf(value);
  if (percent !== undefined) return percent;
  if (typeof value === 'number') return value;
  // IntValue() of a non-numeric string is 0.
  const parsed = typeof value === 'string' ? Number.parseInt(value, 10) : 0;
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** Returns the errors of a non-negative integer or percentage (ValidatePositiveIntOrPercent). */
export function validatePositiveIntOrPercent(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') return validation.isValidPercent(value).map((msg) => fieldInvalid(path, intOrStringValue(value), msg));
  if (typeof value === 'number') return nonNegative(value, path);
  return [];
}

/** Returns the error of a percentage above 100% (IsNotMoreThan100Percent). */
export function validateNotMoreThan100Percent(value: unknown, path: string): FieldError[] {
  const percent = percentOf(value);
  return percent !== undefined && percent > 100 ? [fieldInvalid(path, intOrStringValue(value), 'must not be greater than 100%')] : [];
}

/** Returns a field-error value rendered as Go renders an apps strategy struct with a nil or set pointer. */
export function strategyValue(goType: string, pointerType: string, strategy: unknown): unknown {
  const s = objOr(strategy);
  const pointer = isNil(s.rollingUpdate) ? `(*${pointerType})(nil)` : `(*${pointerType})(0xc000000000)`;
  return goValue(`${goType}{Type:${goQuote(str(s.type))}, RollingUpdate:${pointer}}`, strategy ?? null);
}
