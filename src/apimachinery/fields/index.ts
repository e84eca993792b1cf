// fields: field selectors (?fieldSelector=, kubectl --field-selector): parsing with upstream's
// escaping, matching through a field getter, and upstream's errors for unsupported fields.
export {
  type FieldRequirement,
  type FieldSelector,
  type UnsupportedFieldSelectorOptions,
  everything,
  isEverything,
  requirements,
  escapeFieldValue,
  unescapeFieldValue,
  parseFieldSelector,
  fieldSelectorToString,
  matchesFields,
  fieldRequiresExactMatch,
  objectMetaFields,
  defaultSelectableFields,
  unsupportedFieldSelector,
  checkSupportedFields,
} from './selector.ts';
