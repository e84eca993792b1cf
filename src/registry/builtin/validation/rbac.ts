// rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding and ClusterRoleBinding
// (pkg/apis/rbac/validation). apiGroup of roleRef and of User/Group subjects is defaulted to
// rbac.authorization.k8s.io upstream (SetDefaults_RoleBinding, SetDefaults_Subject) and is
// taken as such when absent.

import { fieldInvalid, fieldNotSupported, fieldRequired, validation, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { goQuote, goStringSlice, goValue, labelSelectorValue } from './go-value.ts';
import { arr, child, index, invalidEach, isNil, objOf, objOr, str, type Obj } from './util.ts';
import { selection } from './workload.ts';

const rbacGroup = 'rbac.authorization.k8s.io';

/** Returns the errors of one rule (ValidatePolicyRule); `namespaced` for Roles. */
function validatePolicyRule(ruleValue: unknown, namespaced: boolean, path: string): FieldError[] {
  const rule = objOr(ruleValue);
  const errs: FieldError[] = [];
  if (arr(rule.verbs).length === 0) errs.push(fieldRequired(child(path, 'verbs'), 'verbs must contain at least one value'));
  const urls = arr(rule.nonResourceURLs);
  if (urls.length > 0) {
    const value = goValue(goStringSlice(rule.nonResourceURLs), rule.nonResourceURLs);
    if (namespaced) errs.push(fieldInvalid(child(path, 'nonResourceURLs'), value, 'namespaced rules cannot apply to non-resource URLs'));
    if (arr(rule.apiGroups).length > 0 || arr(rule.resources).length > 0 || arr(rule.resourceNames).length > 0) {
      errs.push(fieldInvalid(child(path, 'nonResourceURLs'), value, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (arr(rule.apiGroups).length === 0) errs.push(fieldRequired(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  if (arr(rule.resources).length === 0) errs.push(fieldRequired(child(path, 'resources'), 'resource rules must supply at least one resource'));
  return errs;
}

/** Returns the errors of every rule of a Role or ClusterRole. */
function validateRules(obj: KubeObject, namespaced: boolean): FieldError[] {
  return arr(obj.rules).flatMap((rule, i) => validatePolicyRule(rule, namespaced, index('rules', i)));
}

/** Returns the field errors of a Role. */
export function validateRole(obj: KubeObject): FieldError[] {
  return validateRules(obj, true);
}

/** Returns the field errors of a ClusterRole, including its aggregation rule. */
export function validateClusterRole(obj: KubeObject): FieldError[] {
  const errs = validateRules(obj, false);
  const aggregation = objOf(obj.aggregationRule);
  if (aggregation) {
    const selectors = arr(aggregation.clusterRoleSelectors);
    if (selectors.length === 0) {
      errs.push(fieldRequired('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    }
    selectors.forEach((selector, i) => {
      const at = index('aggregationRule.clusterRoleSelectors', i);
      errs.push(...validation.validateLabelSelector(objOr(selector) as validation.LabelSelectorSpec, at));
      if (selection(selector).kind === 'invalid') errs.push(fieldInvalid(at, labelSelectorValue(selector), 'invalid label selector.'));
    });
  }
  return errs;
}

/** Returns the errors of one subject (ValidateRoleBindingSubject); `namespaced` for RoleBindings. */
function validateSubject(subjectValue: unknown, namespaced: boolean, path: string): FieldError[] {
  const subject = objOr(subjectValue);
  const errs: FieldError[] = [];
  const name = str(subject.name);
  if (!name) errs.push(fieldRequired(child(path, 'name')));
  const kind = str(subject.kind);
  const apiGroup = str(subject.apiGroup);
  switch (kind) {
    case 'ServiceAccount':
      if (name) errs.push(...invalidEach(validation.nameIsDNSSubdomain(name, false), child(path, 'name'), name));
      if (apiGroup) errs.push(fieldNotSupported(child(path, 'apiGroup'), apiGroup, ['']));
      if (!namespaced && !str(subject.namespace)) errs.push(fieldRequired(child(path, 'namespace')));
      break;
    case 'User':
    case 'Group':
      if ((apiGroup || rbacGroup) !== rbacGroup) errs.push(fieldNotSupported(child(path, 'apiGroup'), apiGroup, [rbacGroup]));
      break;
    default:
      errs.push(fieldNotSupported(child(path, 'kind'), kind, ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** Returns the roleRef with its apiGroup defaulted. */
function roleRefOf(obj: KubeObject): Obj {
  const ref = objOr(obj.roleRef);
  return { ...ref, apiGroup: str(ref.apiGroup) || rbacGroup };
}

/** Returns the errors of a binding's roleRef and subjects; `kinds` are the role kinds it may name. */
function validateBinding(obj: KubeObject, namespaced: boolean, kinds: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const ref = roleRefOf(obj);
  if (ref.apiGroup !== rbacGroup) errs.push(fieldNotSupported('roleRef.apiGroup', ref.apiGroup, [rbacGroup]));
  if (!kinds.includes(str(ref.kind))) errs.push(fieldNotSupported('roleRef.kind', str(ref.kind), kinds));
  const name = str(ref.name);
  if (!name) errs.push(fieldRequired('roleRef.name'));
  else errs.push(...invalidEach(validation.isValidPathSegmentName(name), 'roleRef.name', name));
  arr(obj.subjects).forEach((subject, i) => errs.push(...validateSubject(subject, namespaced, index('subjects', i))));
  return errs;
}

/** Returns the error of a changed roleRef: bindings cannot be repointed, only recreated. */
function validateRoleRefUnchanged(obj: KubeObject, old: KubeObject): FieldError[] {
  const now = roleRefOf(obj);
  const before = roleRefOf(old);
  if (now.apiGroup === before.apiGroup && str(now.kind) === str(before.kind) && str(now.name) === str(before.name)) return [];
  const rendered = `rbac.RoleRef{APIGroup:${goQuote(str(now.apiGroup))}, Kind:${goQuote(str(now.kind))}, Name:${goQuote(str(now.name))}}`;
  return [fieldInvalid('roleRef', goValue(rendered, isNil(obj.roleRef) ? null : obj.roleRef), 'cannot change roleRef')];
}

/** Returns the field errors of a RoleBinding. */
export function validateRoleBinding(obj: KubeObject): FieldError[] {
  return validateBinding(obj, true, ['Role', 'ClusterRole']);
}

/** Returns the field errors of a RoleBinding update. */
export function validateRoleBindingUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateRoleBinding(obj), ...validateRoleRefUnchanged(obj, old)];
}

/** Returns the field errors of a ClusterRoleBinding. */
export function validateClusterRoleBinding(obj: KubeObject): FieldError[] {
  return validateBinding(obj, false, ['ClusterRole']);
}

/** Returns the field errors of a ClusterRoleBinding update. */
export function validateClusterRoleBindingUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateClusterRoleBinding(obj), ...validateRoleRefUnchanged(obj, old)];
}
