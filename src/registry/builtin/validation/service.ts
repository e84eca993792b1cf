// core/v1 Service (pkg/apis/core/validation ValidateService, validateServicePort,
// ValidateServiceUpdate, Kubernetes 1.32). Fields upstream's defaulting always fills for the
// service's type (type, sessionAffinity, protocol, targetPort, internalTrafficPolicy,
// externalTrafficPolicy, allocateLoadBalancerNodePorts) are taken as defaulted when absent.
// Cluster IP allocation and the dual-stack family rules are not modelled.

import { isIP } from 'node:net';
import { fieldDuplicate, fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired, validation, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { validatePortNumOrName } from './container.ts';
import { goQuote, goStringSlice, goValue } from './go-value.ts';
import { arr, child, index, invalidEach, isNil, num, numOpt, objOf, objOr, sameValue, str, stringMap, type Obj } from './util.ts';

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const protocols = ['SCTP', 'TCP', 'UDP'];
const affinities = ['ClientIP', 'None'];
const trafficPolicies = ['Cluster', 'Local'];
const kubeletPort = 10250;
const maxClientIPAffinitySeconds = 86400;
const invalidIPMessage = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** Returns the cluster IPs a service asks for: clusterIPs, or clusterIP alone. */
function clusterIPsOf(spec: Obj): string[] {
  const ips = arr(spec.clusterIPs).map(str);
  if (ips.length > 0) return ips;
  const ip = str(spec.clusterIP);
  return ip ? [ip] : [];
}

/** Returns %#v of the (protocol, port) key upstream reports duplicate ports with. */
function goServicePortKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

/** Returns the errors of one entry of spec.ports (validateServicePort). */
function validateServicePort(portValue: unknown, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const p = objOr(portValue);
  const errs: FieldError[] = [];
  const name = str(p.name);
  if (requireName && !name) errs.push(fieldRequired(child(path, 'name')));
  else if (name) {
    errs.push(...invalidEach(validation.isDNS1123Label(name), child(path, 'name'), name));
    if (names.has(name)) errs.push(fieldDuplicate(child(path, 'name'), name));
    else names.add(name);
  }
  const port = num(p.port);
  errs.push(...invalidEach(validation.isValidPortNum(port), child(path, 'port'), port));
  const protocol = str(p.protocol) || 'TCP';
  if (!protocols.includes(protocol)) errs.push(fieldNotSupported(child(path, 'protocol'), protocol, protocols));
  // targetPort 0 or "" defaults to the port.
  const targetPort = isNil(p.targetPort) || p.targetPort === 0 || p.targetPort === '' ? port : p.targetPort;
  errs.push(...validatePortNumOrName(targetPort, child(path, 'targetPort')));
  if (typeof p.appProtocol === 'string') errs.push(...invalidEach(validation.isQualifiedName(p.appProtocol), child(path, 'appProtocol'), p.appProtocol));
  return errs;
}

/** Returns the errors of the session affinity fields. */
function validateSessionAffinity(spec: Obj): FieldError[] {
  const affinity = str(spec.sessionAffinity) || 'None';
  if (!affinities.includes(affinity)) return [fieldNotSupported('spec.sessionAffinity', affinity, affinities)];
  const config = objOf(spec.sessionAffinityConfig);
  if (affinity === 'ClientIP') {
    // An absent config is defaulted to a 10800 s timeout.
    const timeout = config ? numOpt(objOr(config.clientIP).timeoutSeconds) : undefined;
    if (timeout !== undefined && !(timeout > 0 && timeout <= maxClientIPAffinitySeconds)) {
      return [fieldInvalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, `must be greater than 0 and less than ${maxClientIPAffinitySeconds}`)];
    }
    return [];
  }
  return config ? [fieldForbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None')] : [];
}

/** Returns the field errors of a Service (ValidateService); `dropped` fields are ones the update strategy clears. */
export function validateService(obj: KubeObject, dropped: ReadonlySet<string> = new Set()): FieldError[] {
  const spec = objOr(obj.spec);
  const errs: FieldError[] = [];
  const type = str(spec.type) || 'ClusterIP';
  const clusterIPs = clusterIPsOf(spec);
  const headless = clusterIPs[0] === 'None';
  const ports = arr(spec.ports);
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(fieldRequired('spec.ports'));
  if (type === 'LoadBalancer') {
    if (headless) errs.push(fieldInvalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services"));
    ports.forEach((p, i) => {
      if (num(objOr(p).port) === kubeletPort) {
        errs.push(fieldInvalid(index('spec.ports', i), kubeletPort, `may not expose port ${kubeletPort} externally since it is used by kubelet`));
      }
    });
  } else if (type === 'NodePort') {
    if (headless) errs.push(fieldInvalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services"));
  } else if (type === 'ExternalName') {
    if (clusterIPs.length > 0 && !dropped.has('clusterIPs')) errs.push(fieldForbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (arr(spec.ipFamilies).length > 0 && !dropped.has('ipFamilies')) errs.push(fieldForbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (!isNil(spec.ipFamilyPolicy) && !dropped.has('ipFamilyPolicy')) errs.push(fieldForbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    // The name may end with a dot to mark it fully qualified.
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname) errs.push(...invalidEach(validation.isDNS1123Subdomain(cname), 'spec.externalName', cname));
    else errs.push(fieldRequired('spec.externalName'));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, index('spec.ports', i))));
  if (!isNil(spec.selector)) errs.push(...validation.validateLabels(stringMap(spec.selector), 'spec.selector'));
  errs.push(...validateSessionAffinity(spec));
  if (type !== 'ExternalName') {
    clusterIPs.forEach((ip, i) => {
      if (ip === 'None' && i === 0) return;
      if (ip === 'None') errs.push(fieldInvalid(index('spec.clusterIPs', i), ip, "'None' must be the first and only value"));
      else if (ip && isIP(ip) === 0) errs.push(fieldInvalid(index('spec.clusterIPs', i), ip, invalidIPMessage));
    });
  }
  arr(spec.externalIPs).forEach((ip, i) => {
    if (isIP(str(ip)) === 0) errs.push(fieldInvalid(index('spec.externalIPs', i), str(ip), invalidIPMessage));
  });
  if (!serviceTypes.includes(type)) errs.push(fieldNotSupported('spec.type', type, serviceTypes));
  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (num(objOr(p).nodePort) !== 0) errs.push(fieldForbidden(child(index('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const port = objOr(p);
    const nodePort = num(port.nodePort);
    if (nodePort === 0) return;
    const key = `${str(port.protocol) || 'TCP'}/${nodePort}`;
    if (nodePorts.has(key)) errs.push(fieldDuplicate(child(index('spec.ports', i), 'nodePort'), nodePort));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const port = objOr(p);
    const protocol = str(port.protocol) || 'TCP';
    const key = `${protocol}/${num(port.port)}`;
    if (seen.has(key)) errs.push(fieldDuplicate(index('spec.ports', i), goValue(goServicePortKey(protocol, num(port.port)), { protocol, port: num(port.port) })));
    seen.add(key);
  });
  if (!isNil(spec.allocateLoadBalancerNodePorts) && type !== 'LoadBalancer') {
    errs.push(fieldForbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (typeof spec.loadBalancerClass === 'string') {
    if (type !== 'LoadBalancer') errs.push(fieldForbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
    else errs.push(...invalidEach(validation.isQualifiedName(spec.loadBalancerClass), 'spec.loadBalancerClass', spec.loadBalancerClass));
  }
  const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && arr(spec.externalIPs).length > 0);
  const external = str(spec.externalTrafficPolicy);
  if (!externallyAccessible && external) {
    errs.push(fieldInvalid('spec.externalTrafficPolicy', external, 'may only be set for externally-accessible services'));
  } else if (external && !trafficPolicies.includes(external)) {
    errs.push(fieldNotSupported('spec.externalTrafficPolicy', external, trafficPolicies));
  }
  const healthCheckNodePort = num(spec.healthCheckNodePort);
  if (healthCheckNodePort !== 0 && !(type === 'LoadBalancer' && external === 'Local')) {
    errs.push(fieldInvalid('spec.healthCheckNodePort', healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  }
  const internal = spec.internalTrafficPolicy;
  if (typeof internal === 'string' && type !== 'ExternalName' && !trafficPolicies.includes(internal)) {
    errs.push(fieldNotSupported('spec.internalTrafficPolicy', internal, trafficPolicies));
  }
  return errs;
}

/** Returns the field errors of a Service update: a primary cluster IP, once set, stays (validateUpgradeDowngradeClusterIPs). */
export function validateServiceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objOr(obj.spec);
  const before = objOr(old.spec);
  const externalName = (s: Obj): boolean => s.type === 'ExternalName';
  if (!externalName(spec) && !externalName(before)) {
    const was = clusterIPsOf(before);
    const now = clusterIPsOf(spec);
    if (was.length > 0 && now.length > 0 && was[0] !== now[0]) {
      errs.push(fieldInvalid('spec.clusterIPs[0]', goValue(goStringSlice(now), now), 'may not change once set'));
    }
  }
  // Turning a service into an ExternalName one clears what it kept from before (upstream's
  // dropTypeDependentFields); values carried over unchanged are not the client's doing.
  const dropped = new Set<string>();
  if (externalName(spec) && !externalName(before)) {
    if (sameValue(clusterIPsOf(spec), clusterIPsOf(before))) dropped.add('clusterIPs');
    if (sameValue(spec.ipFamilies, before.ipFamilies)) dropped.add('ipFamilies');
    if (sameValue(spec.ipFamilyPolicy, before.ipFamilyPolicy)) dropped.add('ipFamilyPolicy');
  }
  errs.push(...validateService(obj, dropped));
  return errs;
}
