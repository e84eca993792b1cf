// Containers of a pod spec (pkg/apis/core/validation, Kubernetes 1.32): validateContainers,
// validateInitContainers, validateContainerCommon and what it calls (ports, env, envFrom, volume
// mounts, pull policy, resources, probes). Fields upstream's v1 defaulting always fills
// (imagePullPolicy, terminationMessagePolicy, ports[].protocol, probe thresholds, httpGet
// scheme and path) are taken as defaulted when absent, so they are never "Required" here either.

import { fieldDuplicate, fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired, validation, type FieldError } from '../../../apimachinery/index.ts';
import { compareQuantities, isNegative, isWholeNumber, parseQuantity, quantityString, type Quantity } from './quantity.ts';
import { validateVolumeMounts } from './volume.ts';
import { arr, child, index, invalidEach, nonNegative, num, numOpt, objOf, objOr, str, type Obj } from './util.ts';

const protocols = ['SCTP', 'TCP', 'UDP'];
const pullPolicies = ['Always', 'IfNotPresent', 'Never'];
const terminationMessagePolicies = ['File', 'FallbackToLogsOnError'];
const httpSchemes = ['HTTP', 'HTTPS'];

/** Resource names a container may request without a domain (IsStandardContainerResourceName). */
const containerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);
/** Other unprefixed names upstream knows (IsStandardResourceName), which containers may not use. */
const otherStandardResources = new Set([
  'storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);

const relaxedEnvVarNameErrMsg = "a valid environment variable name must consist only of printable ASCII characters other than '='";

/** Returns the problems of an env var name under RelaxedEnvironmentVariableValidation (beta, on in 1.32). */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push(`environment variable name ${validation.emptyError()}`);
  for (const ch of value) {
    const c = ch.codePointAt(0) as number;
    if (c > 0x7e || c < 0x20 || ch === '=') {
      errs.push(relaxedEnvVarNameErrMsg);
      break;
    }
  }
  return errs;
}

/** Returns the errors of an int-or-string port: a number 1-65535 or an IANA name (ValidatePortNumOrName). */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'string') return invalidEach(validation.isValidPortName(port), path, port);
  const n = num(port);
  return invalidEach(validation.isValidPortNum(n), path, n);
}

/** Returns the errors of a container's ports (validateContainerPorts). */
function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(ports).forEach((raw, i) => {
    const port = objOr(raw);
    const at = index(path, i);
    const name = str(port.name);
    if (name) {
      const msgs = validation.isValidPortName(name);
      if (msgs.length > 0) errs.push(...invalidEach(msgs, child(at, 'name'), name));
      else if (names.has(name)) errs.push(fieldDuplicate(child(at, 'name'), name));
      else names.add(name);
    }
    const containerPort = num(port.containerPort);
    if (containerPort === 0) errs.push(fieldRequired(child(at, 'containerPort')));
    else errs.push(...invalidEach(validation.isValidPortNum(containerPort), child(at, 'containerPort'), containerPort));
    const hostPort = num(port.hostPort);
    if (hostPort !== 0) errs.push(...invalidEach(validation.isValidPortNum(hostPort), child(at, 'hostPort'), hostPort));
    const protocol = str(port.protocol) || 'TCP';
    if (!protocols.includes(protocol)) errs.push(fieldNotSupported(child(at, 'protocol'), protocol, protocols));
  });
  return errs;
}

/** Returns the errors of a name that must be a DNS subdomain, prefix-style when `prefix` (ConfigMap and Secret names). */
function subdomainName(name: string, prefix: boolean, path: string): FieldError[] {
  return invalidEach(validation.nameIsDNSSubdomain(name, prefix), path, name);
}

/** Returns the errors of a configMapKeyRef or secretKeyRef (validateConfigMapKeySelector). */
function validateKeySelector(selector: Obj, path: string): FieldError[] {
  const errs = subdomainName(str(selector.name), false, child(path, 'name'));
  const key = str(selector.key);
  if (!key) errs.push(fieldRequired(child(path, 'key')));
  else errs.push(...invalidEach(validation.isConfigMapKey(key), child(path, 'key'), key));
  return errs;
}

/** Returns the errors of env[].valueFrom (validateEnvVarValueFrom, fieldRef checked for presence only). */
function validateEnvValueFrom(env: Obj, path: string): FieldError[] {
  const from = objOf(env.valueFrom);
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  const fieldRef = objOf(from.fieldRef);
  if (fieldRef) {
    sources++;
    if (!str(fieldRef.fieldPath)) errs.push(fieldRequired(child(child(path, 'fieldRef'), 'fieldPath')));
  }
  const resourceFieldRef = objOf(from.resourceFieldRef);
  if (resourceFieldRef) {
    sources++;
    if (!str(resourceFieldRef.resource)) errs.push(fieldRequired(child(child(path, 'resourceFieldRef'), 'resource')));
  }
  const configMapKeyRef = objOf(from.configMapKeyRef);
  if (configMapKeyRef) {
    sources++;
    errs.push(...validateKeySelector(configMapKeyRef, child(path, 'configMapKeyRef')));
  }
  const secretKeyRef = objOf(from.secretKeyRef);
  if (secretKeyRef) {
    sources++;
    errs.push(...validateKeySelector(secretKeyRef, child(path, 'secretKeyRef')));
  }
  if (sources === 0) errs.push(fieldInvalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (str(env.value)) errs.push(fieldInvalid(path, '', 'may not be specified when `value` is not empty'));
  else if (sources > 1) errs.push(fieldInvalid(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

/** Returns the errors of a container's env (ValidateEnv). */
function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(env).forEach((raw, i) => {
    const variable = objOr(raw);
    const at = index(path, i);
    const name = str(variable.name);
    if (!name) errs.push(fieldRequired(child(at, 'name')));
    else errs.push(...invalidEach(isRelaxedEnvVarName(name), child(at, 'name'), name));
    errs.push(...validateEnvValueFrom(variable, child(at, 'valueFrom')));
  });
  return errs;
}

/** Returns the errors of a container's envFrom (ValidateEnvFrom). */
function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(envFrom).forEach((raw, i) => {
    const source = objOr(raw);
    const at = index(path, i);
    const prefix = str(source.prefix);
    if (prefix) errs.push(...invalidEach(isRelaxedEnvVarName(prefix), child(at, 'prefix'), prefix));
    let sources = 0;
    for (const key of ['configMapRef', 'secretRef']) {
      const ref = objOf(source[key]);
      if (!ref) continue;
      sources++;
      const name = str(ref.name);
      if (!name) errs.push(fieldRequired(child(child(at, key), 'name')));
      else errs.push(...subdomainName(name, true, child(child(at, key), 'name')));
    }
    if (sources === 0) errs.push(fieldInvalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(fieldInvalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

/** Returns the parsed quantity of a resource value; the decode check has already refused the unparsable. */
function quantityOf(value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const q = parseQuantity(typeof value === 'string' ? value.trim() : String(value));
  return typeof q === 'string' ? undefined : q;
}

/** Returns whether a resource name is native: no domain, or a kubernetes.io one (IsNativeResource). */
function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** Returns the errors of one resource name of a container (validateContainerResourceName). */
function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = invalidEach(validation.isQualifiedName(name), path, name);
  if (errs.length > 0) return errs;
  if (!name.includes('/')) {
    if (containerResources.has(name) || name.startsWith('hugepages-')) return [];
    if (!otherStandardResources.has(name)) return [fieldInvalid(path, name, 'must be a standard resource type or fully qualified')];
    return [fieldInvalid(path, name, 'must be a standard resource for containers')];
  }
  if (!isNativeResource(name) && (name.startsWith('requests.') || validation.isQualifiedName(`requests.${name}`).length > 0)) {
    return [fieldInvalid(path, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

/** Returns the errors of one quantity of a resource list (ValidateResourceQuantityValue). */
function validateQuantityValue(name: string, q: Quantity, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (isNegative(q)) errs.push(fieldInvalid(path, quantityString(q), 'must be greater than or equal to 0'));
  // Extended resources count whole things (GPUs): fractions are refused.
  if (!isNativeResource(name) && !isWholeNumber(q)) errs.push(fieldInvalid(path, quantityString(q), 'must be an integer'));
  return errs;
}

/** Returns the errors of a container's resources (ValidateContainerResourceRequirements). */
export function validateResourceRequirements(resources: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const r = objOr(resources);
  const limits = objOr(r.limits);
  const requests = objOr(r.requests);
  const limitsPath = child(path, 'limits');
  const requestsPath = child(path, 'requests');
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, value] of Object.entries(limits)) {
    const at = index(limitsPath, name);
    errs.push(...validateContainerResourceName(name, at));
    const q = quantityOf(value);
    if (q) errs.push(...validateQuantityValue(name, q, at));
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
    if (name.startsWith('hugepages-')) hugePages = true;
  }
  for (const [name, value] of Object.entries(requests)) {
    const at = index(requestsPath, name);
    errs.push(...validateContainerResourceName(name, at));
    const q = quantityOf(value);
    if (!q) continue;
    errs.push(...validateQuantityValue(name, q, at));
    const overcommit = isNativeResource(name) && !name.startsWith('hugepages-');
    const limit = Object.hasOwn(limits, name) ? quantityOf(limits[name]) : undefined;
    if (limit) {
      const cmp = compareQuantities(q, limit);
      if (cmp !== 0 && !overcommit) {
        errs.push(fieldInvalid(requestsPath, quantityString(q), `must be equal to ${name} limit of ${quantityString(limit)}`));
      } else if (cmp > 0) {
        errs.push(fieldInvalid(requestsPath, quantityString(q), `must be less than or equal to ${name} limit of ${quantityString(limit)}`));
      }
    } else if (!overcommit) {
      errs.push(fieldRequired(limitsPath, 'Limit must be set for non overcommitable resources'));
    }
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
    if (name.startsWith('hugepages-')) hugePages = true;
  }
  if (hugePages && !cpuOrMemory) errs.push(fieldForbidden(path, 'HugePages require cpu or memory'));
  return errs;
}

/** Returns the errors of a probe or lifecycle handler: exactly one action (validateHandler). */
function validateHandler(handler: Obj, actions: string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  let found = 0;
  for (const action of actions) {
    const value = objOf(handler[action]);
    if (!value) continue;
    const at = child(path, action);
    if (found > 0) {
      errs.push(fieldForbidden(at, 'may not specify more than 1 handler type'));
      continue;
    }
    found++;
    if (action === 'exec') {
      if (arr(value.command).length === 0) errs.push(fieldRequired(child(at, 'command')));
    } else if (action === 'httpGet') {
      errs.push(...validatePortNumOrName(value.port, child(at, 'port')));
      const scheme = str(value.scheme) || 'HTTP';
      if (!httpSchemes.includes(scheme)) errs.push(fieldNotSupported(child(at, 'scheme'), scheme, httpSchemes));
      for (const header of arr(value.httpHeaders)) {
        const name = str(objOr(header).name);
        errs.push(...invalidEach(validation.isHTTPHeaderName(name), child(at, 'httpHeaders'), name));
      }
    } else if (action === 'tcpSocket') {
      errs.push(...validatePortNumOrName(value.port, child(at, 'port')));
    } else if (action === 'grpc') {
      const port = num(value.port);
      errs.push(...invalidEach(validation.isValidPortNum(port), child(at, 'port'), port));
    }
  }
  if (found === 0) errs.push(fieldRequired(path, 'must specify a handler type'));
  return errs;
}

/** Returns the errors of a liveness, readiness or startup probe (validateProbe and its kind's rule). */
function validateProbe(probe: unknown, kind: 'liveness' | 'readiness' | 'startup', path: string): FieldError[] {
  const p = objOf(probe);
  if (!p) return [];
  const errs = validateHandler(p, ['exec', 'httpGet', 'tcpSocket', 'grpc'], path);
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...nonNegative(numOpt(p[field]), child(path, field)));
  }
  const grace = numOpt(p.terminationGracePeriodSeconds);
  if (grace !== undefined && grace <= 0) errs.push(fieldInvalid(child(path, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0'));
  // successThreshold defaults to 1.
  const success = numOpt(p.successThreshold) || 1;
  if (kind !== 'readiness' && success !== 1) errs.push(fieldInvalid(child(path, 'successThreshold'), success, 'must be 1'));
  if (kind === 'readiness' && grace !== undefined) {
    errs.push(fieldInvalid(child(path, 'terminationGracePeriodSeconds'), grace, 'must not be set for readinessProbes'));
  }
  return errs;
}

/** Returns the errors of postStart and preStop (validateLifecycle). */
function validateLifecycle(lifecycle: unknown, path: string): FieldError[] {
  const l = objOf(lifecycle);
  if (!l) return [];
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const handler = objOf(l[hook]);
    if (handler) errs.push(...validateHandler(handler, ['exec', 'httpGet', 'tcpSocket', 'sleep'], child(path, hook)));
  }
  return errs;
}

/** Returns the errors every kind of container shares (validateContainerCommon). */
function validateContainerCommon(container: Obj, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(container.name);
  if (!name) errs.push(fieldRequired(child(path, 'name')));
  else errs.push(...invalidEach(validation.isDNS1123Label(name), child(path, 'name'), name));
  if (!str(container.image)) errs.push(fieldRequired(child(path, 'image')));
  const messagePolicy = str(container.terminationMessagePolicy) || 'File';
  if (!terminationMessagePolicies.includes(messagePolicy)) {
    errs.push(fieldNotSupported(child(path, 'terminationMessagePolicy'), messagePolicy, terminationMessagePolicies));
  }
  errs.push(...validateContainerPorts(container.ports, child(path, 'ports')));
  errs.push(...validateEnv(container.env, child(path, 'env')));
  errs.push(...validateEnvFrom(container.envFrom, child(path, 'envFrom')));
  errs.push(...validateVolumeMounts(container.volumeMounts, volumes, child(path, 'volumeMounts')));
  const pullPolicy = str(container.imagePullPolicy);
  if (pullPolicy && !pullPolicies.includes(pullPolicy)) errs.push(fieldNotSupported(child(path, 'imagePullPolicy'), pullPolicy, pullPolicies));
  errs.push(...validateResourceRequirements(container.resources, child(path, 'resources')));
  return errs;
}

/** Returns the errors of host ports used twice with the same IP and protocol (AccumulateUniqueHostPorts). */
function validateHostPorts(containers: unknown[], path: string, seen: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((raw, ci) => {
    arr(objOr(raw).ports).forEach((p, pi) => {
      const port = objOr(p);
      const hostPort = num(port.hostPort);
      if (hostPort === 0) return;
      const key = `${str(port.hostIP)}/${str(port.protocol) || 'TCP'}/${hostPort}`;
      if (seen.has(key)) errs.push(fieldDuplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), key));
      else seen.add(key);
    });
  });
  return errs;
}

/** Returns the errors of spec.containers (validateContainers). */
export function validateContainers(containers: unknown, volumes: Set<string>, path: string): FieldError[] {
  const list = arr(containers);
  if (list.length === 0) return [fieldRequired(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((raw, i) => {
    const container = objOr(raw);
    const at = index(path, i);
    errs.push(...validateContainerCommon(container, volumes, at));
    const name = str(container.name);
    if (names.has(name)) errs.push(fieldDuplicate(child(at, 'name'), name));
    else names.add(name);
    errs.push(...validateLifecycle(container.lifecycle, child(at, 'lifecycle')));
    errs.push(...validateProbe(container.livenessProbe, 'liveness', child(at, 'livenessProbe')));
    errs.push(...validateProbe(container.readinessProbe, 'readiness', child(at, 'readinessProbe')));
    errs.push(...validateProbe(container.startupProbe, 'startup', child(at, 'startupProbe')));
    if (container.restartPolicy !== undefined && container.restartPolicy !== null) {
      errs.push(fieldForbidden(child(at, 'restartPolicy'), 'may not be set for non-init containers'));
    }
  });
  errs.push(...validateHostPorts(list, path, new Set()));
  return errs;
}

/** Returns the errors of spec.initContainers (validateInitContainers); names may not repeat regular ones. */
export function validateInitContainers(initContainers: unknown, containers: unknown, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(arr(containers).map((c) => str(objOr(c).name)));
  arr(initContainers).forEach((raw, i) => {
    const container = objOr(raw);
    const at = index(path, i);
    errs.push(...validateContainerCommon(container, volumes, at));
    const restartPolicy = container.restartPolicy;
    const restartAlways = restartPolicy === 'Always';
    if (typeof restartPolicy === 'string' && !restartAlways) errs.push(fieldNotSupported(child(at, 'restartPolicy'), restartPolicy, ['Always']));
    const name = str(container.name);
    if (names.has(name)) errs.push(fieldDuplicate(child(at, 'name'), name));
    else if (name) names.add(name);
    // Init containers run one by one, so only each one's own ports may clash.
    errs.push(...validateHostPorts([container], path, new Set()));
    if (restartAlways) {
      errs.push(...validateLifecycle(container.lifecycle, child(at, 'lifecycle')));
      errs.push(...validateProbe(container.livenessProbe, 'liveness', child(at, 'livenessProbe')));
      errs.push(...validateProbe(container.readinessProbe, 'readiness', child(at, 'readinessProbe')));
      errs.push(...validateProbe(container.startupProbe, 'startup', child(at, 'startupProbe')));
    } else {
      if (objOf(container.lifecycle)) errs.push(fieldForbidden(child(at, 'lifecycle'), 'may not be set for init containers without restartPolicy=Always'));
      if (objOf(container.livenessProbe)) errs.push(fieldForbidden(child(at, 'livenessProbe'), 'may not be set for init containers without restartPolicy=Always'));
      if (objOf(container.readinessProbe)) errs.push(fieldForbidden(child(at, 'readinessProbe'), 'may not be set for init containers'));
      if (objOf(container.startupProbe)) errs.push(fieldForbidden(child(at, 'startupProbe'), 'may not be set for init containers without restartPolicy=Always'));
    }
  });
  return errs;
}
