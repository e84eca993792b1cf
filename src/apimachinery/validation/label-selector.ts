// Validation of the metav1.LabelSelector struct as it appears in object specs
// (k8s.io/apimachinery pkg/apis/meta/v1/validation ValidateLabelSelector, Kubernetes 1.32).

import { fieldForbidden, fieldInvalid, fieldRequired, type FieldError } from '../errors.ts';
import { validateLabelName, validateLabels } from './object-meta.ts';
import { child, index } from './path.ts';
import { isValidLabelValue, stringOf } from './strings.ts';

/** LabelSelectorRequirement is one matchExpressions entry (metav1.LabelSelectorRequirement). */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

/** LabelSelectorSpec is the metav1.LabelSelector struct: matchLabels AND matchExpressions. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** Options for validateLabelSelector (metav1validation.LabelSelectorValidationOptions). */
export interface LabelSelectorValidationOptions {
  /** Accept values that are not valid label values (for objects stored before 1.27 tightened this). */
  allowInvalidLabelValueInSelector?: boolean;
}

/** Returns the field errors for one matchExpressions entry (ValidateLabelSelectorRequirement). */
export function validateLabelSelectorRequirement(
  req: LabelSelectorRequirement,
  path: string,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  if (req === null || typeof req !== 'object') return [fieldInvalid(path, req, 'must be an object')];
  const values = Array.isArray(req.values) ? req.values.map(stringOf) : [];
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(fieldRequired(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(fieldForbidden(child(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      break;
    default:
      errs.push(fieldInvalid(child(path, 'operator'), stringOf(req.operator), 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(stringOf(req.key), child(path, 'key')));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((value, i) => {
      for (const msg of isValidLabelValue(value)) errs.push(fieldInvalid(index(child(path, 'values'), i), value, msg));
    });
  }
  return errs;
}

/** Returns the field errors for a metav1.LabelSelector at `path`; null or absent is valid (ValidateLabelSelector). */
export function validateLabelSelector(
  selector: LabelSelectorSpec | null | undefined,
  path: string,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  if (selector === null || selector === undefined) return [];
  const errs = validateLabels(selector.matchLabels, child(path, 'matchLabels'));
  (Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, index(child(path, 'matchExpressions'), i), opts));
  });
  return errs;
}
