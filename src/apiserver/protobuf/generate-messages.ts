// Writes messages.ts: the protobuf message table of every kind the server decodes.
//
// Source of truth: the FileDescriptorProtos that gogo-protobuf compiles into every Go binary
// built from k8s.io/api (each generated.pb.go registers its gzipped descriptor). Reading them out
// of the kubectl the e2e tests run gives exactly the field numbers that client sends, and one fact
// the published generated.proto files lack: the `(gogoproto.nullable) = false` option, which
// marks a Go field that is not a pointer. Go writes non-pointer scalars even when they are zero,
// so that bit is what tells "replicas: 0" (a *int32 set to 0) from noise.
//
//   node src/apiserver/protobuf/generate-messages.ts [path/to/kubectl]
//
// The default binary is the `kubectl` on PATH (the gcloud dispatcher, whose built-in client is
// v1.32). A JSON-name check against @kubernetes/client-node's models prints warnings only.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { Reader, WireType, decodeString, type WireField } from './wire.ts';

// 1. The kinds decoded from protobuf: apiVersion/Kind → message (package-qualified, short form).
const roots: Record<string, string> = {
  'v1/Namespace': 'core.v1.Namespace',
  'v1/ConfigMap': 'core.v1.ConfigMap',
  'v1/Secret': 'core.v1.Secret',
  'v1/ServiceAccount': 'core.v1.ServiceAccount',
  'v1/Service': 'core.v1.Service',
  'v1/ResourceQuota': 'core.v1.ResourceQuota',
  'v1/LimitRange': 'core.v1.LimitRange',
  'v1/Pod': 'core.v1.Pod',
  'v1/PodTemplate': 'core.v1.PodTemplate',
  'v1/Endpoints': 'core.v1.Endpoints',
  'v1/Event': 'core.v1.Event',
  'v1/PersistentVolumeClaim': 'core.v1.PersistentVolumeClaim',
  'v1/DeleteOptions': 'meta.v1.DeleteOptions',
  'apps/v1/Deployment': 'apps.v1.Deployment',
  'apps/v1/ReplicaSet': 'apps.v1.ReplicaSet',
  'apps/v1/StatefulSet': 'apps.v1.StatefulSet',
  'apps/v1/DaemonSet': 'apps.v1.DaemonSet',
  'apps/v1/ControllerRevision': 'apps.v1.ControllerRevision',
  'autoscaling/v1/Scale': 'autoscaling.v1.Scale',
  'batch/v1/Job': 'batch.v1.Job',
  'batch/v1/CronJob': 'batch.v1.CronJob',
  'rbac.authorization.k8s.io/v1/Role': 'rbac.v1.Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'rbac.v1.RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'rbac.v1.ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'rbac.v1.ClusterRoleBinding',
  'scheduling.k8s.io/v1/PriorityClass': 'scheduling.v1.PriorityClass',
  'policy/v1/PodDisruptionBudget': 'policy.v1.PodDisruptionBudget',
  'policy/v1/Eviction': 'policy.v1.Eviction',
  'networking.k8s.io/v1/Ingress': 'networking.v1.Ingress',
  'networking.k8s.io/v1/IngressClass': 'networking.v1.IngressClass',
  'networking.k8s.io/v1/NetworkPolicy': 'networking.v1.NetworkPolicy',
  'discovery.k8s.io/v1/EndpointSlice': 'discovery.v1.EndpointSlice',
  'coordination.k8s.io/v1/Lease': 'coordination.v1.Lease',
  'events.k8s.io/v1/Event': 'events.v1.Event',
  'authentication.k8s.io/v1/TokenRequest': 'authentication.v1.TokenRequest',
  'authentication.k8s.io/v1/TokenReview': 'authentication.v1.TokenReview',
  'authentication.k8s.io/v1/SelfSubjectReview': 'authentication.v1.SelfSubjectReview',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'authorization.v1.SelfSubjectAccessReview',
  'authorization.k8s.io/v1/SelfSubjectRulesReview': 'authorization.v1.SelfSubjectRulesReview',
  'authorization.k8s.io/v1/SubjectAccessReview': 'authorization.v1.SubjectAccessReview',
  'authorization.k8s.io/v1/LocalSubjectAccessReview': 'authorization.v1.LocalSubjectAccessReview',
};

// 2. Go structs embedded with `json:",inline"`: their fields appear in the parent's JSON. The
// descriptor does not say so (an embedded field's customname is its type name, as for many named
// fields), so they are listed from types.go; the client-node check below catches an omission.
const inlineFields = new Set([
  'core.v1.ConfigMapEnvSource.localObjectReference',
  'core.v1.ConfigMapKeySelector.localObjectReference',
  'core.v1.ConfigMapProjection.localObjectReference',
  'core.v1.ConfigMapVolumeSource.localObjectReference',
  'core.v1.SecretEnvSource.localObjectReference',
  'core.v1.SecretKeySelector.localObjectReference',
  'core.v1.SecretProjection.localObjectReference',
  'core.v1.EphemeralContainer.ephemeralContainerCommon',
  'core.v1.PersistentVolumeSpec.persistentVolumeSource',
  'core.v1.Probe.handler',
  'core.v1.Volume.volumeSource',
  'networking.v1.IngressRule.ingressRuleValue',
]);

// 3. Proto field names that are not the JSON name (go-to-protobuf derived them from the Go field
// name, not its json tag); the client-node check below found these two.
const jsonNameOverrides: Record<string, string> = {
  'networking.v1.IngressClassParametersReference.aPIGroup': 'apiGroup',
  'authentication.v1.BoundObjectReference.uID': 'uid',
};

// FieldDescriptorProto.Type numbers (descriptor.proto) → our scalar names.
const scalarTypes: Record<number, string> = {
  1: 'double', 2: 'float', 3: 'int64', 4: 'uint64', 5: 'int32', 6: 'fixed64', 7: 'fixed32', 8: 'bool',
  9: 'string', 12: 'bytes', 13: 'uint32', 15: 'sfixed32', 16: 'sfixed64', 17: 'sint32', 18: 'sint64',
};
const typeMessage = 11;
const labelRepeated = 3;
const gogoNullable = 65001;

interface FieldDesc { name: string; number: number; label: number; type: number; typeName: string; nullable: boolean }
interface MessageDesc { name: string; fields: FieldDesc[]; mapEntry: boolean }

/** Returns a short package name: k8s.io.api.core.v1 → core.v1, k8s.io.apimachinery.pkg.apis.meta.v1 → meta.v1. */
function shortPackage(pkg: string): string {
  return pkg.replace(/^k8s\.io\.api\./, '').replace(/^k8s\.io\.apimachinery\.pkg\.(apis\.|api\.|util\.)?/, '');
}

/** Returns the fields of one message as a list (small helper over Reader). */
function records(bytes: Uint8Array): WireField[] {
  const r = new Reader(bytes);
  const out: WireField[] = [];
  for (let f = r.next(); f; f = r.next()) out.push(f);
  return out;
}

/** Returns the string value of a LEN record. */
function str(f: WireField): string {
  return f.wireType === WireType.bytes ? decodeString(f.value) : '';
}

/** Returns the messages of one FileDescriptorProto, nested map-entry types included, by full name. */
function parseFile(bytes: Uint8Array, into: Map<string, MessageDesc>): string {
  let pkg = '';
  let name = '';
  const messages: Uint8Array[] = [];
  for (const f of records(bytes)) {
    if (f.number === 1) name = str(f);
    if (f.number === 2) pkg = str(f);
    if (f.number === 4 && f.wireType === WireType.bytes) messages.push(f.value);
  }
  const walk = (b: Uint8Array, prefix: string): void => {
    const m: MessageDesc = { name: '', fields: [], mapEntry: false };
    const nested: Uint8Array[] = [];
    for (const f of records(b)) {
      if (f.number === 1) m.name = str(f);
      else if (f.number === 3 && f.wireType === WireType.bytes) nested.push(f.value);
      else if (f.number === 7 && f.wireType === WireType.bytes) {
        for (const o of records(f.value)) if (o.number === 7 && o.wireType === WireType.varint) m.mapEntry = o.value !== 0n;
      } else if (f.number === 2 && f.wireType === WireType.bytes) {
        const fd: FieldDesc = { name: '', number: 0, label: 1, type: 0, typeName: '', nullable: true };
        for (const g of records(f.value)) {
          if (g.number === 1) fd.name = str(g);
          else if (g.number === 3 && g.wireType === WireType.varint) fd.number = Number(g.value);
          else if (g.number === 4 && g.wireType === WireType.varint) fd.label = Number(g.value);
          else if (g.number === 5 && g.wireType === WireType.varint) fd.type = Number(g.value);
          else if (g.number === 6) fd.typeName = str(g).replace(/^\./, '');
          else if (g.number === 8 && g.wireType === WireType.bytes) {
            for (const o of records(g.value)) if (o.number === gogoNullable && o.wireType === WireType.varint) fd.nullable = o.value !== 0n;
          }
        }
        m.fields.push(fd);
      }
    }
    const full = `${prefix}.${m.name}`;
    into.set(full, m);
    for (const n of nested) walk(n, full);
  };
  for (const b of messages) walk(b, pkg);
  return name;
}

/** Returns every k8s.io descriptor gzipped inside `binary` (gogo's RegisterFile payloads). */
function descriptorsIn(binary: Uint8Array): Map<string, MessageDesc> {
  const all = new Map<string, MessageDesc>();
  const files: string[] = [];
  for (let i = binary.indexOf(0x1f); i >= 0 && i < binary.length - 4; i = binary.indexOf(0x1f, i + 1)) {
    if (binary[i + 1] !== 0x8b || binary[i + 2] !== 0x08 || binary[i + 3] !== 0) continue;
    let out: Uint8Array;
    try {
      out = gunzipSync(binary.subarray(i, i + 4_000_000), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      continue;
    }
    if (out[0] !== 0x0a || !decodeString(out.subarray(0, 120)).includes('k8s.io/')) continue;
    try {
      files.push(parseFile(out, all));
    } catch {
      // Not a descriptor after all (a gzip stream that happens to start alike).
    }
  }
  if (!files.includes('k8s.io/api/core/v1/generated.proto')) throw new Error('no k8s.io/api descriptors found in the binary');
  return all;
}

/** Returns the default kubectl binary: the one `kubectl` on PATH resolves to. */
function defaultKubectl(): string {
  const onPath = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  return realpathSync(onPath);
}

/** Returns the compact type of a field: `string`, `?int32`, `[]core.v1.Container`, `map<string,bytes>`, `...T`. */
function fieldType(msgName: string, f: FieldDesc, all: Map<string, MessageDesc>, want: (m: string) => void): string {
  const elem = (type: number, typeName: string): string => {
    if (type === typeMessage) {
      const pkg = typeName.slice(0, typeName.lastIndexOf('.'));
      const short = `${shortPackage(pkg)}.${typeName.slice(pkg.length + 1)}`;
      want(typeName);
      return short;
    }
    const s = scalarTypes[type];
    if (!s) throw new Error(`${msgName}.${f.name}: unsupported descriptor type ${type}`);
    return s;
  };
  if (f.type === typeMessage) {
    const target = all.get(f.typeName);
    if (!target) throw new Error(`${msgName}.${f.name}: unknown type ${f.typeName}`);
    if (target.mapEntry) {
      const [k, v] = [target.fields.find((x) => x.number === 1), target.fields.find((x) => x.number === 2)];
      if (!k || !v) throw new Error(`${f.typeName}: malformed map entry`);
      return `map<${elem(k.type, k.typeName)},${elem(v.type, v.typeName)}>`;
    }
  }
  const t = elem(f.type, f.typeName);
  if (f.label === labelRepeated) return `[]${t}`;
  if (inlineFields.has(`${msgName}.${f.name}`)) return `...${t}`;
  return f.nullable ? `?${t}` : t;
}

/** Returns the JSON property names of client-node's model for `short`, when one is found. */
function clientNodeNames(short: string): Set<string> | undefined {
  const require = createRequire(import.meta.url);
  const [group, version, name] = short.split('.') as [string, string, string];
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  const v = cap(version);
  for (const model of [`${cap(group)}${v}${name}`, `${v}${name}`]) {
    try {
      const mod = require(`@kubernetes/client-node/dist/gen/models/${model}.js`) as Record<string, { attributeTypeMap?: { baseName: string }[] }>;
      const cls = mod[model];
      if (cls?.attributeTypeMap) return new Set(cls.attributeTypeMap.map((a) => a.baseName));
    } catch {
      // No such model: try the next spelling.
    }
  }
  return undefined;
}

/** Writes messages.ts from the descriptors in `binaryPath`. */
function main(binaryPath: string): void {
  const all = descriptorsIn(readFileSync(binaryPath));
  const fullName = (short: string): string => {
    for (const k of all.keys()) {
      const pkg = k.slice(0, k.lastIndexOf('.'));
      if (`${shortPackage(pkg)}.${k.slice(pkg.length + 1)}` === short) return k;
    }
    throw new Error(`no message ${short}`);
  };
  const queue = Object.values(roots).map(fullName);
  const seen = new Set<string>(queue);
  const lines = new Map<string, string>();
  const jsonNames = new Map<string, string[]>();
  while (queue.length) {
    const full = queue.shift() as string;
    const m = all.get(full) as MessageDesc;
    const pkg = full.slice(0, full.length - m.name.length - 1);
    const short = `${shortPackage(pkg)}.${m.name}`;
    const want = (t: string): void => {
      if (!seen.has(t)) {
        seen.add(t);
        queue.push(t);
      }
    };
    const fields = [...m.fields].sort((a, b) => a.number - b.number);
    const json = (f: FieldDesc): string => jsonNameOverrides[`${short}.${f.name}`] ?? f.name;
    lines.set(short, fields.map((f) => `${f.number} ${json(f)} ${fieldType(short, f, all, want)}`).join('; '));
    jsonNames.set(short, fields.map((f) => (inlineFields.has(`${short}.${f.name}`) ? '' : json(f))).filter(Boolean));
  }
  // 4. Cross-check JSON names (inline fields flattened) against client-node's OpenAPI models.
  for (const [short, names] of jsonNames) {
    const known = clientNodeNames(short);
    if (!known) continue;
    for (const n of names) if (!known.has(n)) console.warn(`warning: ${short}.${n} is not a property of client-node's model`);
  }
  const sorted = [...lines.keys()].sort();
  const out = [
    `// Generated by generate-messages.ts from the protobuf descriptors compiled into ${basename(binaryPath)}`,
    '// (the gcloud dispatcher, whose built-in client is kubectl v1.32). Do not edit; regenerate with',
    '//   node src/apiserver/protobuf/generate-messages.ts [path/to/kubectl]',
    '//',
    '// A message is "<number> <jsonName> <type>; ...". A type is a scalar (string, bytes, bool,',
    '// int32, int64, ...) or a message, prefixed by `?` for a Go pointer (kept even when zero),',
    '// `[]` for a repeated field or `...` for a struct embedded inline in its parent\'s JSON;',
    '// `map<K,V>` is a map. Message names are package-qualified: core.v1.Container.',
    '',
    '/** The message decoding each kind\'s protobuf body, by "apiVersion/Kind". */',
    'export const kinds: Record<string, string> = {',
    ...Object.entries(roots).map(([k, v]) => `  '${k}': '${v}',`),
    '};',
    '',
    '/** Every message reachable from `kinds`, by package-qualified name. */',
    'export const messageTable: Record<string, string> = {',
    ...sorted.map((k) => `  '${k}':\n    '${lines.get(k)}',`),
    '};',
    '',
  ].join('\n');
  const target = join(dirname(fileURLToPath(import.meta.url)), 'messages.ts');
  writeFileSync(target, out);
  console.log(`wrote ${sorted.length} messages for ${Object.keys(roots).length} kinds to ${target}`);
}

const binary = process.argv[2] ?? defaultKubectl();
if (!existsSync(binary)) throw new Error(`${binary}: no such file`);
main(binary);
