// networking.k8s.io/v1 NetworkPolicy (pkg/apis/networking/validation ValidateNetworkPolicySpec,
// ValidateNetworkPolicyPort, ValidateNetworkPolicyPeer, ValidateIPBlock).

import { isIP } from 'node:net';
import { fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired, validation, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { goStringSlice, goValue } from './go-value.ts';
import { arr, child, index, invalidEach, isNil, numOpt, objOf, objOr, str } from './util.ts';

const protocols = ['TCP', 'UDP', 'SCTP'];
const policyTypes = ['Ingress', 'Egress'];
const invalidCIDRMessage = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** An IP network: the address as a bigint, its bit width, and the prefix length. */
interface Network {
  bits: number;
  address: bigint;
  prefix: number;
}

/** Returns the bits of an IPv4 or IPv6 address, or undefined. */
function addressBits(ip: string): { bits: number; address: bigint } | undefined {
  const family = isIP(ip);
  if (family === 4) return { bits: 32, address: ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n) };
  if (family !== 6) return undefined;
  let text = ip;
  // An embedded IPv4 tail ("::ffff:1.2.3.4") becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = (v4[1] as string).split('.').map(Number);
    text = `${text.slice(0, -(v4[1] as string).length)}${(((n[0] as number) << 8) | (n[1] as number)).toString(16)}:${(((n[2] as number) << 8) | (n[3] as number)).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return { bits: 128, address: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g as string, 16)), 0n) };
}

/** Returns the network "addr/len" names, or undefined when it does not parse (netutils.ParseCIDRSloppy). */
function parseCIDR(cidr: string): Network | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0) return undefined;
  const ip = addressBits(cidr.slice(0, slash));
  const prefixText = cidr.slice(slash + 1);
  if (!ip || !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > ip.bits) return undefined;
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(ip.bits - prefix);
  return { bits: ip.bits, address: ip.address & mask, prefix };
}

/** Returns whether `inner` lies inside `outer` and is strictly smaller. */
function strictSubset(outer: Network, inner: Network): boolean {
  if (outer.bits !== inner.bits || outer.prefix >= inner.prefix) return false;
  const mask = ((1n << BigInt(outer.prefix)) - 1n) << BigInt(outer.bits - outer.prefix);
  return (inner.address & mask) === outer.address;
}

/** Returns the errors of an ipBlock peer (ValidateIPBlock). */
function validateIPBlock(block: Record<string, unknown>, path: string): FieldError[] {
  const cidr = str(block.cidr);
  if (!cidr) return [fieldRequired(child(path, 'cidr'))];
  const network = parseCIDR(cidr);
  if (!network) return [fieldInvalid(child(path, 'cidr'), cidr, invalidCIDRMessage)];
  const errs: FieldError[] = [];
  for (const [i, raw] of arr(block.except).entries()) {
    const except = str(raw);
    const at = index(child(path, 'except'), i);
    const inner = parseCIDR(except);
    if (!inner) return [...errs, fieldInvalid(at, except, 'must be a valid CIDR')];
    if (!strictSubset(network, inner)) errs.push(fieldInvalid(at, except, 'must be a strict subset of `cidr`'));
  }
  return errs;
}

/** Returns the errors of one port of a rule (ValidateNetworkPolicyPort). */
function validatePort(portValue: unknown, path: string): FieldError[] {
  const p = objOr(portValue);
  const errs: FieldError[] = [];
  if (typeof p.protocol === 'string' && !protocols.includes(p.protocol)) errs.push(fieldNotSupported(child(path, 'protocol'), p.protocol, protocols));
  const endPort = numOpt(p.endPort);
  if (typeof p.port === 'number') {
    errs.push(...invalidEach(validation.isValidPortNum(p.port), child(path, 'port'), p.port));
    if (endPort !== undefined) {
      if (endPort < p.port) errs.push(fieldInvalid(child(path, 'endPort'), p.port, 'must be greater than or equal to `port`'));
      errs.push(...invalidEach(validation.isValidPortNum(endPort), child(path, 'endPort'), endPort));
    }
  } else if (typeof p.port === 'string') {
    if (endPort !== undefined) errs.push(fieldInvalid(child(path, 'endPort'), endPort, 'may not be specified when `port` is non-numeric'));
    errs.push(...invalidEach(validation.isValidPortName(p.port), child(path, 'port'), p.port));
  } else if (endPort !== undefined) {
    errs.push(fieldInvalid(child(path, 'endPort'), endPort, 'may not be specified when `port` is not specified'));
  }
  return errs;
}

/** Returns the errors of one peer of a rule (ValidateNetworkPolicyPeer). */
function validatePeer(peerValue: unknown, path: string): FieldError[] {
  const peer = objOr(peerValue);
  const errs: FieldError[] = [];
  let peers = 0;
  for (const key of ['podSelector', 'namespaceSelector']) {
    if (isNil(peer[key])) continue;
    peers++;
    errs.push(...validation.validateLabelSelector(objOr(peer[key]) as validation.LabelSelectorSpec, child(path, key)));
  }
  const ipBlock = objOf(peer.ipBlock);
  if (ipBlock) {
    peers++;
    errs.push(...validateIPBlock(ipBlock, child(path, 'ipBlock')));
  }
  if (peers === 0) errs.push(fieldRequired(path, 'must specify a peer'));
  else if (peers > 1 && ipBlock) errs.push(fieldForbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

/** Returns the field errors of a NetworkPolicy (ValidateNetworkPolicySpec). */
export function validateNetworkPolicy(obj: KubeObject): FieldError[] {
  const spec = objOr(obj.spec);
  const errs = validation.validateLabelSelector(objOr(spec.podSelector) as validation.LabelSelectorSpec, 'spec.podSelector');
  for (const [direction, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
    arr(spec[direction]).forEach((ruleValue, i) => {
      const rule = objOr(ruleValue);
      const at = index(`spec.${direction}`, i);
      arr(rule.ports).forEach((port, j) => errs.push(...validatePort(port, index(child(at, 'ports'), j))));
      arr(rule[peersKey]).forEach((peer, j) => errs.push(...validatePeer(peer, index(child(at, peersKey), j))));
    });
  }
  const types = arr(spec.policyTypes).map(str);
  if (types.length > policyTypes.length) {
    errs.push(fieldInvalid('spec.policyTypes', goValue(`&${goStringSlice(types).replace('[]string', '[]networking.PolicyType')}`, types), 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((type, i) => {
    if (!policyTypes.includes(type)) errs.push(fieldNotSupported(index('spec.policyTypes', i), type, policyTypes));
  });
  return errs;
}
