// networking.k8s.io/v1 Ingress (pkg/apis/networking/validation validateIngressSpec and the rule,
// path and backend checks under it).

import { isIP } from 'node:net';
import { fieldInvalid, fieldNotSupported, fieldRequired, validation, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { goValue } from './go-value.ts';
import { arr, child, index, invalidEach, num, objOf, objOr, str } from './util.ts';

const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];
const invalidPathSequences = ['//', '/./', '/../', '%2f', '%2F'];
const invalidPathSuffixes = ['/..', '/.'];

/** Returns the errors of a host or TLS host: a DNS subdomain, or a wildcard one when it has "*". */
function validateHost(host: string, path: string): FieldError[] {
  const msgs = host.includes('*') ? validation.isWildcardDNS1123Subdomain(host) : validation.isDNS1123Subdomain(host);
  return invalidEach(msgs, path, host);
}

/** Returns the errors of a backend (validateIngressBackend). */
function validateBackend(backendValue: unknown, path: string): FieldError[] {
  const backend = objOr(backendValue);
  const resource = objOf(backend.resource);
  const service = objOf(backend.service);
  if (resource && service) return [fieldInvalid(path, '', 'cannot set both resource and service backends')];
  if (resource) {
    const errs: FieldError[] = [];
    if (!str(resource.kind)) errs.push(fieldRequired(child(child(path, 'resource'), 'kind')));
    if (!str(resource.name)) errs.push(fieldRequired(child(child(path, 'resource'), 'name')));
    return errs;
  }
  if (!service) return [fieldInvalid(path, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const name = str(service.name);
  const servicePath = child(path, 'service');
  if (!name) errs.push(fieldRequired(child(servicePath, 'name')));
  else errs.push(...invalidEach(validation.nameIsDNS1035Label(name, false), child(servicePath, 'name'), name));
  const port = objOr(service.port);
  const portName = str(port.name);
  const portNumber = num(port.number);
  if (portName && portNumber !== 0) errs.push(fieldInvalid(path, '', 'cannot set both port name & port number'));
  else if (portName) errs.push(...invalidEach(validation.isValidPortName(portName), child(child(servicePath, 'port'), 'name'), portName));
  else if (portNumber !== 0) errs.push(...invalidEach(validation.isValidPortNum(portNumber), child(child(servicePath, 'port'), 'number'), portNumber));
  else errs.push(fieldRequired(path, 'port name or number is required'));
  return errs;
}

/** Returns the errors of one HTTP path (validateHTTPIngressPath). */
function validatePath(pathValue: unknown, at: string): FieldError[] {
  const p = objOr(pathValue);
  if (typeof p.pathType !== 'string') return [fieldRequired(child(at, 'pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const value = str(p.path);
  const pathAt = child(at, 'path');
  if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
    if (!value.startsWith('/')) errs.push(fieldInvalid(pathAt, value, 'must be an absolute path'));
    if (value) {
      for (const seq of invalidPathSequences) if (value.includes(seq)) errs.push(fieldInvalid(pathAt, value, `must not contain '${seq}'`));
      for (const suffix of invalidPathSuffixes) if (value.endsWith(suffix)) errs.push(fieldInvalid(pathAt, value, `cannot end with '${suffix}'`));
    }
  } else if (p.pathType === 'ImplementationSpecific') {
    if (value && !value.startsWith('/')) errs.push(fieldInvalid(pathAt, value, 'must be an absolute path'));
  } else {
    errs.push(fieldNotSupported(child(at, 'pathType'), p.pathType, pathTypes));
  }
  errs.push(...validateBackend(p.backend, child(at, 'backend')));
  return errs;
}

/** Returns the errors of spec.rules (validateIngressRules). */
function validateRules(rules: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((ruleValue, i) => {
    const rule = objOr(ruleValue);
    const at = index(path, i);
    const host = str(rule.host);
    if (host) {
      if (isIP(host) !== 0) errs.push(fieldInvalid(child(at, 'host'), host, 'must be a DNS name, not an IP address'));
      errs.push(...validateHost(host, child(at, 'host')));
    }
    const http = objOf(rule.http);
    if (http) {
      const paths = arr(http.paths);
      const pathsAt = child(child(at, 'http'), 'paths');
      if (paths.length === 0) errs.push(fieldRequired(pathsAt));
      paths.forEach((p, j) => errs.push(...validatePath(p, index(pathsAt, j))));
    }
  });
  return errs;
}

/** Returns the field errors of an Ingress (validateIngressSpec). */
export function validateIngress(obj: KubeObject): FieldError[] {
  const spec = objOr(obj.spec);
  const errs: FieldError[] = [];
  const rules = arr(spec.rules);
  const defaultBackend = objOf(spec.defaultBackend);
  if (rules.length === 0 && !defaultBackend) {
    const rendered = Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)';
    errs.push(fieldInvalid('spec', goValue(rendered, spec.rules ?? null), 'either `defaultBackend` or `rules` must be specified'));
  }
  if (defaultBackend) errs.push(...validateBackend(defaultBackend, 'spec.defaultBackend'));
  if (rules.length > 0) errs.push(...validateRules(rules, 'spec.rules'));
  arr(spec.tls).forEach((tls, i) => {
    arr(objOr(tls).hosts).forEach((host, j) => errs.push(...validateHost(str(host), index(child(index('spec.tls', i), 'hosts'), j))));
    const secretName = str(objOr(tls).secretName);
    if (secretName) errs.push(...invalidEach(validation.nameIsDNSSubdomain(secretName, false), child(index('spec.tls', i), 'secretName'), secretName));
  });
  const className = str(spec.ingressClassName);
  if (className) errs.push(...invalidEach(validation.nameIsDNSSubdomain(className, false), 'spec.ingressClassName', className));
  return errs;
}
