// labels: label selectors — the string form (?labelSelector=, kubectl -l), the metav1.LabelSelector
// struct form used in specs, matching against an object's labels, and the canonical string form.
export {
  type Operator,
  type Requirement,
  type LabelSelector,
  type LabelSelectorStruct,
  binaryOperators,
  everything,
  nothing,
  isEverything,
  parseInt64,
  requirementErrors,
  aggregateMessage,
  newRequirement,
  sortByKey,
  compareStrings,
  selectorFromSet,
  selectorFromLabelSelector,
  requirementMatches,
  matches,
  requiresExactMatch,
  requirementToString,
  selectorToString,
} from './selector.ts';
export { parseSelector } from './parser.ts';
