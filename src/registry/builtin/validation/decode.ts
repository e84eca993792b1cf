// The decode-time type check of built-in kinds. kube-apiserver decodes a request body into the
// kind's Go struct (sigs.k8s.io/json, a fork of encoding/json); a value of the wrong JSON type
// fails the request with 400 before defaulting, admission or validation run:
//   Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string
//   into Go struct field DeploymentSpec.spec.replicas of type int32
// The body here is already plain JSON, so the check walks it against the kind's generated OpenAPI
// schema, naming Go types and struct fields as encoding/json does:
//   1. A mismatch is an UnmarshalTypeError naming the innermost struct, the path of JSON field
//      names from the root (list indices and map keys are not part of it), and the Go type. The
//      decoder remembers the first one and keeps going.
//   2. Types with their own UnmarshalJSON (IntOrString, Quantity, Time, MicroTime) fail at once
//      with their own message, which wins over a remembered mismatch; being decoded by the
//      standard library inside the fork, their type errors carry no struct context.
//   3. null is accepted everywhere (it leaves the zero value); free-form fields (RawExtension,
//      JSON, FieldsV1) accept anything.

import { derefSchema, type KubeObject, type Schema, type SchemaResolver } from '../../../apimachinery/index.ts';
import { base64ErrorOffset } from './base64.ts';
import { rfc3339Layout, rfc3339MicroLayout, timeParseError } from './go-time.ts';
import { parseQuantity } from './quantity.ts';

const refPrefix = '#/components/schemas/';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const apiextensions = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';

/** Definitions whose Go type has its own UnmarshalJSON, by what it accepts. */
const customDecoders: Record<string, 'intstr' | 'quantity' | 'time' | 'microtime' | 'any'> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'intstr',
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'quantity',
  [`${meta}.Time`]: 'time',
  [`${meta}.MicroTime`]: 'microtime',
  [`${meta}.FieldsV1`]: 'any',
  [`${meta}.Patch`]: 'any',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'any',
  [`${apiextensions}.JSON`]: 'any',
  [`${apiextensions}.JSONSchemaPropsOrArray`]: 'any',
  [`${apiextensions}.JSONSchemaPropsOrBool`]: 'any',
  [`${apiextensions}.JSONSchemaPropsOrStringArray`]: 'any',
};

/**
 * Go types of fields declared with a named string, slice or map type, which OpenAPI flattens to
 * their underlying type (k8s.io/api types.go). Only the fields users commonly get wrong are
 * listed; any other field is named by its underlying type.
 */
const namedTypes: Record<string, string> = {
  'io.k8s.api.core.v1.Container.imagePullPolicy': 'v1.PullPolicy',
  'io.k8s.api.core.v1.Container.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'io.k8s.api.core.v1.ContainerPort.protocol': 'v1.Protocol',
  'io.k8s.api.core.v1.ServicePort.protocol': 'v1.Protocol',
  'io.k8s.api.core.v1.PodSpec.restartPolicy': 'v1.RestartPolicy',
  'io.k8s.api.core.v1.PodSpec.dnsPolicy': 'v1.DNSPolicy',
  'io.k8s.api.core.v1.PodSpec.preemptionPolicy': 'v1.PreemptionPolicy',
  'io.k8s.api.core.v1.PodSpec.overhead': 'v1.ResourceList',
  'io.k8s.api.core.v1.ResourceRequirements.limits': 'v1.ResourceList',
  'io.k8s.api.core.v1.ResourceRequirements.requests': 'v1.ResourceList',
  'io.k8s.api.core.v1.VolumeResourceRequirements.limits': 'v1.ResourceList',
  'io.k8s.api.core.v1.VolumeResourceRequirements.requests': 'v1.ResourceList',
  'io.k8s.api.core.v1.ServiceSpec.type': 'v1.ServiceType',
  'io.k8s.api.core.v1.ServiceSpec.sessionAffinity': 'v1.ServiceAffinity',
  'io.k8s.api.core.v1.ServiceSpec.externalTrafficPolicy': 'v1.ServiceExternalTrafficPolicy',
  'io.k8s.api.core.v1.ServiceSpec.internalTrafficPolicy': 'v1.ServiceInternalTrafficPolicy',
  'io.k8s.api.core.v1.ServiceSpec.ipFamilyPolicy': 'v1.IPFamilyPolicy',
  'io.k8s.api.core.v1.ServiceSpec.ipFamilies': '[]v1.IPFamily',
  'io.k8s.api.core.v1.Secret.type': 'v1.SecretType',
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec.accessModes': '[]v1.PersistentVolumeAccessMode',
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec.volumeMode': 'v1.PersistentVolumeMode',
  'io.k8s.api.core.v1.HostPathVolumeSource.type': 'v1.HostPathType',
  'io.k8s.api.core.v1.Toleration.operator': 'v1.TolerationOperator',
  'io.k8s.api.core.v1.Toleration.effect': 'v1.TaintEffect',
  'io.k8s.api.core.v1.NamespaceSpec.finalizers': '[]v1.FinalizerName',
  'io.k8s.api.apps.v1.DeploymentStrategy.type': 'v1.DeploymentStrategyType',
  'io.k8s.api.apps.v1.StatefulSetSpec.podManagementPolicy': 'v1.PodManagementPolicyType',
  'io.k8s.api.apps.v1.StatefulSetUpdateStrategy.type': 'v1.StatefulSetUpdateStrategyType',
  'io.k8s.api.apps.v1.DaemonSetUpdateStrategy.type': 'v1.DaemonSetUpdateStrategyType',
  'io.k8s.api.batch.v1.CronJobSpec.concurrencyPolicy': 'v1.ConcurrencyPolicy',
  'io.k8s.api.batch.v1.JobSpec.completionMode': 'v1.CompletionMode',
  'io.k8s.api.networking.v1.HTTPIngressPath.pathType': 'v1.PathType',
  'io.k8s.api.networking.v1.NetworkPolicyPort.protocol': 'v1.Protocol',
  'io.k8s.api.networking.v1.NetworkPolicySpec.policyTypes': '[]v1.PolicyType',
  [`${meta}.LabelSelectorRequirement.operator`]: 'v1.LabelSelectorOperator',
  [`${meta}.ObjectMeta.uid`]: 'types.UID',
  [`${meta}.OwnerReference.uid`]: 'types.UID',
};

/** What the decoder does with one schema node. */
interface Node {
  kind: 'struct' | 'map' | 'slice' | 'bytes' | 'string' | 'int32' | 'int64' | 'float64' | 'bool' | 'any' | 'intstr' | 'quantity' | 'time' | 'microtime';
  /** The Go type as reflect prints it ("v1.PodSpec", "[]string", "int32"). */
  goType: string;
  /** For structs: the definition (for named field types) and properties. */
  definition?: string;
  properties?: Record<string, Schema>;
  /** For maps and slices: the element schema and its Go type when named. */
  element?: Schema;
  elementType?: string;
}

/** The struct and field path a mismatch is reported against (encoding/json errorContext). */
interface Context {
  struct: string;
  fields: string[];
}

const intRanges: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  // Doubles: 2^63 itself is the first value out of range.
  int64: [-(2 ** 63), 2 ** 63],
};

/** Returns the JSON kind encoding/json names in its errors ("string", "number", "bool", "array", "object"). */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  return 'object';
}

/** Returns the raw JSON text a custom unmarshaler receives for a non-string value. */
function rawText(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** Returns "pkg.Name" as reflect prints the Go type of an OpenAPI definition. */
function goTypeOfDefinition(definition: string): string {
  const parts = definition.split('.');
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

/** Walks one object against its kind's schema; holds the first remembered mismatch. */
class Decoder {
  private saved: string | undefined;
  private readonly resolve: SchemaResolver;
  private readonly nodes = new WeakMap<Schema, Node>();

  constructor(resolve: SchemaResolver) {
    this.resolve = resolve;
  }

  /** Returns the decode error of `value`, or undefined. */
  run(value: unknown, schema: Schema, definition: string): string | undefined {
    this.saved = undefined;
    const root: Node = { ...this.node(schema), goType: goTypeOfDefinition(definition), definition };
    return this.decode(value, root, { struct: '', fields: [] }) ?? this.saved;
  }

  /** Returns how the decoder treats `raw` (cached per schema object). */
  private node(raw: Schema, named?: string): Node {
    if (!named) {
      const cached = this.nodes.get(raw);
      if (cached) return cached;
    }
    const built = this.build(raw, named);
    if (!named) this.nodes.set(raw, built);
    return built;
  }

  private build(raw: Schema, named: string | undefined): Node {
    const ref = raw.$ref ?? (raw.allOf?.length === 1 ? raw.allOf[0]?.$ref : undefined);
    if (ref?.startsWith(refPrefix)) {
      const definition = ref.slice(refPrefix.length);
      const custom = customDecoders[definition];
      if (custom) return { kind: custom, goType: goTypeOfDefinition(definition) };
      const target = derefSchema(raw, this.resolve);
      if (!target) return { kind: 'any', goType: 'interface {}' };
      if (target.properties) return { kind: 'struct', goType: named ?? goTypeOfDefinition(definition), definition, properties: target.properties };
      if (target.type === 'object' && !target.additionalProperties) return { kind: 'any', goType: goTypeOfDefinition(definition) };
      return this.build(target, named);
    }
    if (raw['x-kubernetes-int-or-string']) return { kind: 'intstr', goType: 'intstr.IntOrString' };
    switch (raw.type) {
      case 'array': {
        const elementType = named?.startsWith('[]') ? named.slice(2) : undefined;
        const element = raw.items ?? {};
        return { kind: 'slice', goType: named ?? `[]${this.node(element, elementType).goType}`, element, elementType };
      }
      case 'object': {
        if (raw.properties) return { kind: 'struct', goType: named ?? 'struct {}', properties: raw.properties };
        const additional = raw.additionalProperties;
        if (!additional || typeof additional !== 'object') return { kind: 'any', goType: 'map[string]interface {}' };
        return { kind: 'map', goType: named ?? `map[string]${this.node(additional).goType}`, element: additional };
      }
      case 'string':
        if (raw.format === 'byte') return { kind: 'bytes', goType: '[]uint8' };
        return { kind: 'string', goType: named ?? 'string' };
      case 'integer':
        return { kind: raw.format === 'int32' ? 'int32' : 'int64', goType: named ?? (raw.format === 'int32' ? 'int32' : raw.format === 'int64' ? 'int64' : 'int') };
      case 'number':
        return { kind: 'float64', goType: named ?? 'float64' };
      case 'boolean':
        return { kind: 'bool', goType: named ?? 'bool' };
      default:
        return { kind: 'any', goType: 'interface {}' };
    }
  }

  /** Remembers the first mismatch, as encoding/json's saveError does. */
  private mismatch(value: unknown, node: Node, ctx: Context): undefined {
    const where = ctx.struct || ctx.fields.length ? `Go struct field ${ctx.struct}.${ctx.fields.join('.')}` : 'Go value';
    this.saved ??= `json: cannot unmarshal ${jsonKind(value)} into ${where} of type ${node.goType}`;
    return undefined;
  }

  /** Decodes one value; returns an error that ends decoding at once, if any. */
  private decode(value: unknown, node: Node, ctx: Context): string | undefined {
    if (value === null || value === undefined) return undefined;
    switch (node.kind) {
      case 'any':
        return undefined;
      case 'intstr':
        if (typeof value === 'string') return undefined;
        if (typeof value === 'number') {
          return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647
            ? undefined
            : `json: cannot unmarshal number ${rawText(value)} into Go value of type int32`;
        }
        return `json: cannot unmarshal ${jsonKind(value)} into Go value of type int32`;
      case 'quantity': {
        const text = typeof value === 'string' ? value.trim() : rawText(value);
        const parsed = parseQuantity(text);
        return typeof parsed === 'string' ? parsed : undefined;
      }
      case 'time':
      case 'microtime':
        if (typeof value !== 'string') return `json: cannot unmarshal ${jsonKind(value)} into Go value of type string`;
        return timeParseError(value, node.kind === 'time' ? rfc3339Layout : rfc3339MicroLayout);
      case 'struct': {
        if (typeof value !== 'object' || Array.isArray(value)) return this.mismatch(value, node, ctx);
        const struct = node.goType.slice(node.goType.lastIndexOf('.') + 1);
        for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
          const property = node.properties?.[key];
          // Unknown fields are not the decoder's business here: pruning reports them.
          if (!property) continue;
          const named = node.definition ? namedTypes[`${node.definition}.${key}`] : undefined;
          const fatal = this.decode(child, this.node(property, named), { struct, fields: [...ctx.fields, key] });
          if (fatal) return fatal;
        }
        return undefined;
      }
      case 'map': {
        if (typeof value !== 'object' || Array.isArray(value)) return this.mismatch(value, node, ctx);
        const element = this.node(node.element ?? {}, node.elementType);
        for (const child of Object.values(value as Record<string, unknown>)) {
          const fatal = this.decode(child, element, ctx);
          if (fatal) return fatal;
        }
        return undefined;
      }
      case 'slice': {
        if (!Array.isArray(value)) return this.mismatch(value, node, ctx);
        const element = this.node(node.element ?? {}, node.elementType);
        for (const child of value) {
          const fatal = this.decode(child, element, ctx);
          if (fatal) return fatal;
        }
        return undefined;
      }
      case 'bytes': {
        if (typeof value !== 'string') return this.mismatch(value, node, ctx);
        const offset = base64ErrorOffset(value);
        // A base64 error is remembered like a mismatch, and carries no field context.
        if (offset !== undefined) this.saved ??= `illegal base64 data at input byte ${offset}`;
        return undefined;
      }
      case 'string':
        return typeof value === 'string' ? undefined : this.mismatch(value, node, ctx);
      case 'bool':
        return typeof value === 'boolean' ? undefined : this.mismatch(value, node, ctx);
      case 'float64':
        return typeof value === 'number' ? undefined : this.mismatch(value, node, ctx);
      case 'int32':
      case 'int64': {
        if (typeof value !== 'number') return this.mismatch(value, node, ctx);
        const [lo, hi] = intRanges[node.kind] as [number, number];
        if (!Number.isInteger(value) || value < lo || (node.kind === 'int64' ? value >= hi : value > hi)) {
          this.saved ??= `json: cannot unmarshal number ${rawText(value)} into Go struct field ${ctx.struct}.${ctx.fields.join('.')} of type ${node.goType}`;
        }
        return undefined;
      }
    }
  }
}

/** Returns the decode error of `obj` against the schema of its kind, or undefined when it decodes (the message after "cannot be handled as a Kind: "). */
export function decodeError(obj: unknown, schema: Schema, resolve: SchemaResolver, definition: string): string | undefined {
  return new Decoder(resolve).run(obj, schema, definition);
}

/** Returns the 400 message kube-apiserver gives for a body that does not decode into `kind`. */
export function decodeFailureMessage(obj: KubeObject, kind: string, version: string, error: string): string {
  const bodyKind = typeof obj.kind === 'string' && obj.kind ? obj.kind : kind;
  return `${bodyKind} in version "${version}" cannot be handled as a ${kind}: ${error}`;
}
