// Tests for the protobuf decoder: real kubectl 1.32 bodies (testdata/, captured by
// testdata/capture.ts), hand-built bodies for what kubectl's create commands never send
// (timestamps, owner references, managed fields, inline structs, packed lists, raw fields), the
// errors, and fuzzing that nothing but a StatusError ever escapes.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { StatusError } from '../../apimachinery/index.ts';
import { decodeProtobufObject, isProtobufContentType, protobufKinds, protobufMediaType } from './index.ts';
import { kinds, messageTable } from './messages.ts';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');

interface Captured { name: string; method: string; path: string; contentType: string; command: string }
const captured = JSON.parse(readFileSync(join(testdata, 'requests.json'), 'utf8')) as Captured[];

/** Returns the bytes of fixture `name`. */
function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(testdata, `${name}.bin`)));
}

// ---- A tiny protobuf writer for hand-built bodies ----

type Bytes = number[];
const utf8 = new TextEncoder();

/** Returns the varint encoding of n (negative numbers as 64-bit two's complement, as Go does). */
function varint(n: number | bigint): Bytes {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: Bytes = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}
/** A varint field. */
const num = (field: number, n: number | bigint): Bytes => [...varint(field << 3), ...varint(n)];
/** A LEN field holding a string or raw bytes. */
const len = (field: number, value: string | Bytes | Uint8Array): Bytes => {
  const b = typeof value === 'string' ? [...utf8.encode(value)] : [...value];
  return [...varint((field << 3) | 2), ...varint(b.length), ...b];
};
/** A LEN field holding a nested message. */
const msg = (field: number, ...parts: Bytes[]): Bytes => len(field, parts.flat());
/** A map entry {1 key, 2 value} of map field `field`. */
const entry = (field: number, key: string, value: string | Bytes): Bytes => msg(field, len(1, key), typeof value === 'string' ? len(2, value) : len(2, value));
/** Returns a full body: magic, then runtime.Unknown {typeMeta, raw, "", ""} as Go writes it. */
function envelope(apiVersion: string, kind: string, raw: Bytes): Uint8Array {
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...msg(1, len(1, apiVersion), len(2, kind)), ...len(2, raw), ...len(3, ''), ...len(4, '')]);
}

/** Asserts that `fn` throws a StatusError with `code` whose message matches every pattern. */
function assertStatus(fn: () => unknown, code: number, ...patterns: RegExp[]): StatusError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof StatusError, `expected a StatusError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  for (const p of patterns) assert.match(caught.message, p);
  return caught;
}

/**
 * Asserts `ours` equals kubectl's JSON `theirs` up to the Go zero values the decoder drops: a key
 * only `theirs` has must hold null, "", 0, false, [] or an object of such values.
 */
function assertEqualUpToZeros(ours: unknown, theirs: unknown, path = ''): void {
  const isZero = (v: unknown): boolean =>
    v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isZero));
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    assert.equal(ours.length, theirs.length, `${path}: list length`);
    ours.forEach((v, i) => assertEqualUpToZeros(v, theirs[i], `${path}[${i}]`));
    return;
  }
  if (typeof ours === 'object' && ours !== null && typeof theirs === 'object' && theirs !== null) {
    const a = ours as Record<string, unknown>;
    const b = theirs as Record<string, unknown>;
    for (const k of Object.keys(a)) {
      assert.ok(k in b, `${path}.${k}: decoded but not in kubectl's JSON`);
      assertEqualUpToZeros(a[k], b[k], `${path}.${k}`);
    }
    for (const k of Object.keys(b)) if (!(k in a)) assert.ok(isZero(b[k]), `${path}.${k}: kubectl has ${JSON.stringify(b[k])}, decoded nothing`);
    return;
  }
  assert.deepEqual(ours, theirs, path);
}

// ---- Real kubectl bodies ----

/** What each captured body decodes to (secret-tls, whose key pair changes per capture, is checked apart). */
const expected: Record<string, unknown> = {
  'can-i-group': { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', group: 'apps', resource: 'deployments' } } },
  'can-i-list': { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'team-a' } },
  'can-i-nonresource': { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { nonResourceAttributes: { path: '/logs', verb: 'get' } } },
  'can-i-subresource': { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'team-a', verb: 'get', resource: 'pods', subresource: 'log' } } },
  'can-i': { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'team-a', verb: 'create', resource: 'pods' } } },
  'clusterrole-aggregation': { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'monitoring' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] } },
  'clusterrole': { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'nr' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/logs/*'] }] },
  'clusterrolebinding': { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'crb' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'monitoring' } },
  'configmap': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config', namespace: 'team-a' }, data: { 'app.properties': 'color=blue\nsize=3\n', empty: '', mode: 'fast' }, binaryData: { blob: '/wD+AQ==' } },
  'cronjob': { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { schedule: '*/5 * * * *', jobTemplate: { metadata: { name: 'nightly' }, spec: { template: { spec: { containers: [{ name: 'nightly', image: 'busybox', command: ['date'] }], restartPolicy: 'OnFailure' } } } } } },
  'deployment-multi': { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'pair', labels: { app: 'pair' } }, spec: { replicas: 1, selector: { matchLabels: { app: 'pair' } }, template: { metadata: { labels: { app: 'pair' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }, { name: 'redis', image: 'redis:7' }] } } } },
  'deployment-zero': { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'idle', labels: { app: 'idle' } }, spec: { replicas: 0, selector: { matchLabels: { app: 'idle' } }, template: { metadata: { labels: { app: 'idle' } }, spec: { containers: [{ name: 'busybox', image: 'busybox', command: ['sleep', '3600'] }] } } } },
  'deployment': { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] } } } },
  'ingress': { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' } }, spec: { defaultBackend: { service: { name: 'defsvc', port: { name: 'http' } } }, tls: [{ hosts: ['foo.com'], secretName: 'my-cert' }], rules: [{ host: 'foo.com', http: { paths: [{ path: '/bar', backend: { service: { name: 'svc1', port: { number: 8080 } } }, pathType: 'Prefix' }] } }], ingressClassName: 'nginx' } },
  'job': { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(20)'] }], restartPolicy: 'Never' } } } },
  'namespace': { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
  'poddisruptionbudget-percent': { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb2' }, spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: '50%' } },
  'poddisruptionbudget': { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } },
  'priorityclass': { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, description: 'for critical pods', preemptionPolicy: 'Never' },
  'quota': { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { cpu: '1', memory: '1Gi', pods: '10' }, scopes: ['NotBestEffort'] } },
  'role': { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader' }, rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'] }, { verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'] }] },
  'rolebinding': { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }, { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' }, { kind: 'ServiceAccount', name: 'builder', namespace: 'team-a' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' } },
  'secret-docker-registry': { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'regcred' }, data: { '.dockerconfigjson': 'eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLmNvbSI6eyJ1c2VybmFtZSI6InUiLCJwYXNzd29yZCI6InAiLCJlbWFpbCI6InVAZXhhbXBsZS5jb20iLCJhdXRoIjoiZFRwdyJ9fX0=' }, type: 'kubernetes.io/dockerconfigjson' },
  'secret-generic': { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, data: { password: 'czNjcjN0IQ==', username: 'YWRtaW4=' } },
  'service-clusterip': { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', labels: { app: 's' } }, spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 's' }, type: 'ClusterIP' } },
  'service-externalname': { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', labels: { app: 'ext' } }, spec: { selector: { app: 'ext' }, type: 'ExternalName', externalName: 'db.example.com' } },
  'service-nodeport': { apiVersion: 'v1', kind: 'Service', metadata: { name: 'np', labels: { app: 'np' } }, spec: { ports: [{ name: '443-8443', protocol: 'TCP', port: 443, targetPort: 8443, nodePort: 30443 }], selector: { app: 'np' }, type: 'NodePort' } },
  'serviceaccount': { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'team-a' } },
  'token': { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['api', 'vault'], boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: '0b0e8c1e-0000-4000-8000-000000000001' }, expirationSeconds: 600 } },
  'whoami': { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
};

test('the fixtures are protobuf bodies from real kubectl commands', () => {
  assert.ok(captured.length >= 30);
  for (const c of captured) {
    assert.equal(c.method, 'POST');
    assert.equal(c.contentType, protobufMediaType, c.name);
    assert.ok(isProtobufContentType(c.contentType));
    assert.match(c.command, /^kubectl (create|auth) /);
  }
});

for (const c of captured) {
  test(`decodes ${c.name} (${c.command.replace(/--[\w-]+=\$WORK\S*/g, '…')})`, () => {
    const object = decodeProtobufObject(fixture(c.name));
    if (c.name === 'secret-tls') {
      assert.equal(object.kind, 'Secret');
      assert.equal(object.type, 'kubernetes.io/tls');
      const data = object.data as Record<string, string>;
      assert.deepEqual(Object.keys(data).sort(), ['tls.crt', 'tls.key']);
      assert.match(Buffer.from(data['tls.crt'] as string, 'base64').toString(), /^-----BEGIN CERTIFICATE-----\n/);
      assert.match(Buffer.from(data['tls.key'] as string, 'base64').toString(), /^-----BEGIN PRIVATE KEY-----\n/);
    } else {
      assert.deepEqual(object, expected[c.name]);
    }
    // The object's kind is the one the request path names (…/deployments → Deployment), except
    // for the serviceaccounts/<name>/token subresource, which takes a TokenRequest.
    const resource = c.path.split('/').at(-1);
    const kind = (object.kind as string).toLowerCase();
    const plural = kind.endsWith('s') ? `${kind}es` : kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
    assert.equal(resource === 'token' ? 'tokenrequests' : resource, plural);
  });
}

test('every create body equals kubectl\'s own --dry-run -o json rendering, up to dropped zero values', () => {
  let compared = 0;
  for (const c of captured) {
    const jsonFile = join(testdata, `${c.name}.json`);
    if (!existsSync(jsonFile)) continue;
    assertEqualUpToZeros(decodeProtobufObject(fixture(c.name)), JSON.parse(readFileSync(jsonFile, 'utf8')), c.name);
    compared++;
  }
  assert.ok(compared >= 24, `compared ${compared}`);
});

test('a pointer field keeps its zero value; a non-pointer zero is dropped', () => {
  const zero = decodeProtobufObject(fixture('deployment-zero')) as { spec: { replicas?: number; paused?: boolean; minReadySeconds?: number } };
  assert.equal(zero.spec.replicas, 0); // *int32 set to 0: scale to zero, not "default to 1"
  assert.ok(!('paused' in zero.spec)); // bool, written as false by Go
  assert.ok(!('minReadySeconds' in zero.spec)); // int32, written as 0 by Go
});

test('recognises the protobuf content type with parameters, and nothing else', () => {
  assert.ok(isProtobufContentType('application/vnd.kubernetes.protobuf'));
  assert.ok(isProtobufContentType('Application/Vnd.Kubernetes.Protobuf; charset=utf-8'));
  assert.ok(!isProtobufContentType('application/vnd.kubernetes.protobuf+json'));
  assert.ok(!isProtobufContentType('application/json'));
  assert.ok(!isProtobufContentType(undefined));
});

// ---- Hand-built bodies ----

test('decodes ObjectMeta in full: timestamps, maps, owner references, finalizers, managed fields', () => {
  const meta = msg(1,
    len(1, 'web-0'), len(2, ''), len(3, 'team-a'), len(4, ''), len(5, '6b1f3c2a-0000-4000-8000-000000000001'), len(6, '42'), num(7, 3),
    msg(8, num(1, 1704067200)), // creationTimestamp 2024-01-01T00:00:00Z
    msg(9, num(1, 1704067230), num(2, 500_000_000)), // deletionTimestamp; JSON Time drops the nanoseconds
    num(10, 0), // deletionGracePeriodSeconds is a pointer: 0 means "now", kept
    entry(11, 'app', 'web'), entry(11, '__proto__', 'safe'), entry(12, 'note', ''),
    msg(13, len(1, 'ReplicaSet'), len(3, 'web-abc'), len(4, 'uid-1'), len(5, 'apps/v1'), num(6, 1), num(7, 0)),
    len(14, 'example.com/cleanup'), len(14, 'foregroundDeletion'),
    msg(17, len(1, 'kubectl'), len(2, 'Update'), len(3, 'v1'), msg(4, num(1, 1704067200)), len(6, 'FieldsV1'),
      msg(7, len(1, '{"f:metadata":{"f:labels":{"f:app":{}}}}')), len(8, '')),
  );
  const object = decodeProtobufObject(envelope('v1', 'Pod', [...meta, ...msg(2), ...msg(3)]));
  const expectedMeta: Record<string, unknown> = {
    name: 'web-0', namespace: 'team-a', uid: '6b1f3c2a-0000-4000-8000-000000000001', resourceVersion: '42', generation: 3,
    creationTimestamp: '2024-01-01T00:00:00Z', deletionTimestamp: '2024-01-01T00:00:30Z', deletionGracePeriodSeconds: 0,
    labels: JSON.parse('{"app":"web","__proto__":"safe"}'), annotations: { note: '' },
    ownerReferences: [{ kind: 'ReplicaSet', name: 'web-abc', uid: 'uid-1', apiVersion: 'apps/v1', controller: true, blockOwnerDeletion: false }],
    finalizers: ['example.com/cleanup', 'foregroundDeletion'],
    managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2024-01-01T00:00:00Z', fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } } } }],
  };
  assert.deepEqual(object, { apiVersion: 'v1', kind: 'Pod', metadata: expectedMeta });
  const labels = object.metadata?.labels as Record<string, string>;
  assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(labels, '__proto__')?.value, 'safe');
});

test('decodes a PodSpec tree: inline volume sources and probe handlers, IntOrString, Quantity, packed and negative numbers', () => {
  const podSpec = [
    ...msg(1, len(1, 'cache'), msg(2, msg(2))), // emptyDir: {} is a pointer, kept
    ...msg(1, len(1, 'cfg'), msg(2, msg(19, msg(1, len(1, 'app-config')), num(3, 420), num(4, 0)))),
    ...msg(2,
      len(1, 'app'), len(2, 'nginx:1.27'), len(4, '--port=8080'), len(4, ''),
      msg(6, len(1, 'http'), num(2, 0), num(3, 8080), len(4, 'TCP'), len(5, '')),
      msg(7, len(1, 'PASSWORD'), len(2, ''), msg(3, msg(4, msg(1, len(1, 'creds')), len(2, 'password')))),
      msg(8, entry(1, 'cpu', len(1, '500m')), entry(2, 'memory', len(1, '64Mi'))),
      msg(10, msg(1, msg(2, len(1, '/healthz'), msg(2, num(1, 1), num(2, 0), len(3, 'http')), len(3, ''), len(4, 'HTTP'))),
        num(2, 0), num(3, 1), num(4, 10), num(5, 1), num(6, 3)),
      msg(11, msg(1, msg(3, msg(1, num(1, 0), num(2, 8080), len(3, ''))))),
      msg(15),
      len(13, '/dev/termination-log'), len(14, 'IfNotPresent'), num(16, 0), num(17, 0), num(18, 0), len(20, 'File'),
    ),
    ...len(3, 'Always'), ...num(4, 30), ...len(6, 'ClusterFirst'), ...num(11, 0),
    ...msg(14, num(2, 0), len(4, [...varint(1000), ...varint(2000)]), num(4, 3000)), // supplementalGroups packed, then unpacked
    ...num(21, 0), // automountServiceAccountToken: false is a pointer, kept
    ...msg(22, len(1, 'node.kubernetes.io/not-ready'), len(2, 'Exists'), len(3, ''), len(4, 'NoExecute'), num(5, 300)),
    ...num(25, -5), // priority: int32 −5, written as a 10-byte varint
  ];
  const object = decodeProtobufObject(envelope('v1', 'Pod', [...msg(1, len(1, 'p')), ...msg(2, ...[podSpec]), ...msg(3)]));
  assert.deepEqual(object.spec, {
    volumes: [{ name: 'cache', emptyDir: {} }, { name: 'cfg', configMap: { name: 'app-config', defaultMode: 420, optional: false } }],
    containers: [{
      name: 'app', image: 'nginx:1.27', args: ['--port=8080', ''],
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }],
      resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
      livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      readinessProbe: { tcpSocket: { port: 8080 } },
      securityContext: {},
      terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File',
    }],
    restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst',
    securityContext: { runAsUser: 0, supplementalGroups: [1000, 2000, 3000] },
    automountServiceAccountToken: false,
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    priority: -5,
  });
});

test('decodes MicroTime with microseconds (coordination.k8s.io Lease)', () => {
  const spec = msg(2, len(1, 'node-a'), num(2, 40), msg(3, num(1, 1704067200), num(2, 123_456_789)), msg(4, num(1, 1704067201)), num(5, 0));
  const object = decodeProtobufObject(envelope('coordination.k8s.io/v1', 'Lease', [...msg(1, len(1, 'lock')), ...spec]));
  assert.deepEqual(object, {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'lock' },
    spec: { holderIdentity: 'node-a', leaseDurationSeconds: 40, acquireTime: '2024-01-01T00:00:00.123456Z', renewTime: '2024-01-01T00:00:01.000000Z', leaseTransitions: 0 },
  });
});

test('decodes RawExtension as JSON, or as a nested protobuf object; int64 as a number', () => {
  const jsonRaw = decodeProtobufObject(envelope('apps/v1', 'ControllerRevision', [...msg(1, len(1, 'r1')), ...msg(2, len(1, '{"spec":{"x":1}}')), ...num(3, 2 ** 40)]));
  assert.deepEqual(jsonRaw, { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r1' }, data: { spec: { x: 1 } }, revision: 2 ** 40 });
  const inner = envelope('v1', 'ConfigMap', [...msg(1, len(1, 'inner')), ...entry(2, 'k', 'v')]);
  const nested = decodeProtobufObject(envelope('apps/v1', 'ControllerRevision', [...msg(1, len(1, 'r2')), ...msg(2, len(1, inner))]));
  assert.deepEqual(nested.data, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inner' }, data: { k: 'v' } });
});

test('decodes ExtraValue maps as lists of strings (TokenReview, SubjectAccessReview)', () => {
  const user = msg(2, len(1, 'alice'), len(2, 'u-1'), len(3, 'devs'), entry(4, 'scopes', [...len(1, 'read'), ...len(1, 'write')]));
  const review = decodeProtobufObject(envelope('authentication.k8s.io/v1', 'TokenReview', [...msg(1), ...msg(2, len(1, 'tok')), ...msg(3, num(1, 1), user)]));
  assert.deepEqual(review, {
    apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'tok' },
    status: { authenticated: true, user: { username: 'alice', uid: 'u-1', groups: ['devs'], extra: { scopes: ['read', 'write'] } } },
  });
  const sar = decodeProtobufObject(envelope('authorization.k8s.io/v1', 'SubjectAccessReview',
    [...msg(2, msg(1, len(2, 'get'), len(5, 'pods')), len(3, 'bob'), entry(5, 'k', len(1, 'v')))]));
  assert.deepEqual(sar.spec, { resourceAttributes: { verb: 'get', resource: 'pods' }, user: 'bob', extra: { k: ['v'] } });
});

test('decodes map<string, Time> and a PDB with minAvailable 0 (a pointer IntOrString)', () => {
  const pdb = decodeProtobufObject(envelope('policy/v1', 'PodDisruptionBudget', [
    ...msg(2, msg(1, num(1, 0), num(2, 0), len(3, ''))),
    ...msg(3, num(1, 2), entry(2, 'web-0', num(1, 1704067200)), num(3, 0)),
  ]));
  assert.deepEqual(pdb, {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
    spec: { minAvailable: 0 }, status: { observedGeneration: 2, disruptedPods: { 'web-0': '2024-01-01T00:00:00Z' } },
  });
});

test('a message written twice is merged, as protobuf specifies', () => {
  const object = decodeProtobufObject(envelope('apps/v1', 'Deployment', [...msg(2, num(1, 2)), ...msg(2, num(6, 5), num(1, 4))]));
  assert.deepEqual(object.spec, { replicas: 4, revisionHistoryLimit: 5 });
});

test('DeleteOptions decodes under any group version', () => {
  const body = envelope('apps/v1', 'DeleteOptions', [...num(1, 0), ...len(4, 'Foreground'), ...len(5, 'All')]);
  assert.deepEqual(decodeProtobufObject(body), { apiVersion: 'apps/v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, propagationPolicy: 'Foreground', dryRun: ['All'] });
});

// ---- Errors ----

test('an unknown field number is a 415 naming the kind, the message, the field number and the path', () => {
  const body = envelope('apps/v1', 'Deployment', [...msg(1, len(1, 'web')), ...msg(2, num(1, 3), num(99, 1))]);
  const err = assertStatus(() => decodeProtobufObject(body), 415, /apps\/v1, Kind=Deployment/, /unknown field number 99 in apps\.v1\.DeploymentSpec/, /at spec/);
  assert.equal(err.reason, 'UnsupportedMediaType');
  assert.equal(err.status.details?.causes?.[0]?.field, 'spec');
  // Also deep inside a list.
  const deep = envelope('apps/v1', 'Deployment', [...msg(2, msg(3, msg(2, msg(2, len(1, 'a')), msg(2, len(1, 'b'), num(42, 0)))))]);
  assertStatus(() => decodeProtobufObject(deep), 415, /field number 42 in core\.v1\.Container at spec\.template\.spec\.containers\[1\]/);
});

test('an unknown kind is a 415', () => {
  assertStatus(() => decodeProtobufObject(envelope('example.com/v1', 'Widget', [])), 415, /example\.com\/v1, Kind=Widget/, /no protobuf decoder/);
});

test('a truncated body is a 400', () => {
  const body = fixture('deployment');
  assertStatus(() => decodeProtobufObject(body.subarray(0, Math.floor(body.length / 2))), 400, /unable to decode protobuf body/);
  // Every prefix fails with a StatusError, except those that end on a field boundary of the
  // envelope: right after typeMeta (no raw bytes: an empty object, as in Go) or inside the
  // trailing contentEncoding/contentType fields.
  const full = decodeProtobufObject(body);
  const typeMetaEnd = 4 + 2 + (body[5] as number);
  for (let n = 0; n < body.length; n++) {
    try {
      const object = decodeProtobufObject(body.subarray(0, n));
      if (n === typeMetaEnd) assert.deepEqual(object, { apiVersion: 'apps/v1', kind: 'Deployment' });
      else assert.deepEqual(object, full, `prefix ${n} of ${body.length} decoded`);
    } catch (err) {
      if (err instanceof assert.AssertionError) throw err;
      assert.ok(err instanceof StatusError && err.code === 400, String(err));
    }
  }
});

test('a wire type that contradicts the table is a 400 naming the field', () => {
  const body = envelope('apps/v1', 'Deployment', [...msg(2, len(1, 'three'))]);
  assertStatus(() => decodeProtobufObject(body), 400, /field 1 \(replicas\) of apps\.v1\.DeploymentSpec/, /wire type 2, want 0/);
  assertStatus(() => decodeProtobufObject(envelope('v1', 'Namespace', [...num(1, 7)])), 400, /field 1 \(metadata\) of core\.v1\.Namespace/);
});

test('a body without the magic, with a bad envelope or with groups is a 400', () => {
  assertStatus(() => decodeProtobufObject(new Uint8Array()), 400, /magic/);
  assertStatus(() => decodeProtobufObject(utf8.encode('{"kind":"Namespace"}')), 400, /magic/);
  assertStatus(() => decodeProtobufObject(Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...len(2, [])])), 400, /no apiVersion and kind/);
  assertStatus(() => decodeProtobufObject(Uint8Array.from([0x6b, 0x38, 0x73, 0x00, 0x0b])), 400, /wire type 3/);
  assertStatus(() => decodeProtobufObject(Uint8Array.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff, 0xff])), 400, /truncated varint/);
});

test('an encoded envelope or a gzip content encoding is a 415', () => {
  const body = Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...msg(1, len(1, 'v1'), len(2, 'Namespace')), ...len(2, []), ...len(3, 'gzip')]);
  assertStatus(() => decodeProtobufObject(body), 415, /content encoding "gzip"/);
});

test('a timestamp outside years 0-9999 and bad JSON in a raw field are 400s', () => {
  const meta = (t: Bytes): Uint8Array => envelope('v1', 'Namespace', [...msg(1, msg(8, t))]);
  assertStatus(() => decodeProtobufObject(meta(num(1, 253402300800))), 400, /outside years 0-9999/);
  assertStatus(() => decodeProtobufObject(meta(num(1, -(2n ** 63n)))), 400, /outside years 0-9999/);
  assert.equal(decodeProtobufObject(meta(num(1, 253402300799))).metadata?.creationTimestamp, '9999-12-31T23:59:59Z');
  assertStatus(() => decodeProtobufObject(envelope('apps/v1', 'ControllerRevision', [...msg(2, len(1, '{nope'))])), 400, /raw field is not JSON/);
});

test('nesting deeper than 100 messages is a 400, not a stack overflow', () => {
  // A ControllerRevision's RawExtension may hold another envelope, so nesting is unbounded.
  let body = envelope('apps/v1', 'ControllerRevision', []);
  for (let i = 0; i < 60; i++) body = envelope('apps/v1', 'ControllerRevision', msg(2, len(1, body)));
  assertStatus(() => decodeProtobufObject(body), 400, /nested deeper than 100/);
});

// ---- Fuzzing: whatever the bytes, only a StatusError escapes ----

/** Returns whether decoding `body` either succeeds or throws a 400/415 StatusError. */
function decodesOrRejects(body: Uint8Array): boolean {
  try {
    decodeProtobufObject(body);
    return true;
  } catch (err) {
    if (err instanceof StatusError && (err.code === 400 || err.code === 415)) return true;
    throw err;
  }
}

test('fuzz: random bytes, with and without the magic, only ever give a StatusError', () => {
  const magic = [0x6b, 0x38, 0x73, 0x00];
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, withMagic) =>
    decodesOrRejects(withMagic ? Uint8Array.from([...magic, ...bytes]) : bytes)), { numRuns: 3000 });
});

test('fuzz: mutated real bodies (flipped, inserted, deleted bytes) only ever give a StatusError', () => {
  const bodies = captured.map((c) => fixture(c.name));
  const mutation = fc.record({
    body: fc.integer({ min: 0, max: bodies.length - 1 }),
    edits: fc.array(fc.record({ at: fc.nat(), op: fc.constantFrom('flip', 'insert', 'delete', 'set'), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }),
  });
  fc.assert(fc.property(mutation, ({ body, edits }) => {
    const bytes = [...(bodies[body] as Uint8Array)];
    for (const { at, op, byte } of edits) {
      const i = 4 + (at % Math.max(1, bytes.length - 4)); // keep the magic, so the decoder goes deep
      if (op === 'flip') bytes[i] = (bytes[i] ?? 0) ^ (1 << (byte % 8));
      else if (op === 'insert') bytes.splice(i, 0, byte);
      else if (op === 'delete') bytes.splice(i, 1);
      else bytes[i] = byte;
    }
    return decodesOrRejects(Uint8Array.from(bytes));
  }), { numRuns: 5000 });
});

// ---- The table itself ----

test('every message the table references is in the table or decoded specially', () => {
  const special = new Set(['meta.v1.Time', 'meta.v1.MicroTime', 'intstr.IntOrString', 'resource.Quantity', 'meta.v1.FieldsV1', 'runtime.RawExtension',
    'authentication.v1.ExtraValue', 'authorization.v1.ExtraValue']);
  for (const [name, line] of Object.entries(messageTable)) {
    for (const entryText of line.split('; ')) {
      const [n, , type] = entryText.split(' ') as [string, string, string];
      assert.ok(Number(n) > 0, `${name}: ${entryText}`);
      for (const t of type.replace(/^(\?|\[\]|\.\.\.)/, '').replace(/^map<\w+,(.+)>$/, '$1').split(',')) {
        if (/^[a-z]+\d*$/.test(t)) continue; // scalar
        assert.ok(t in messageTable || special.has(t), `${name} references ${t}`);
      }
    }
  }
  for (const m of Object.values(kinds)) assert.ok(m in messageTable, m);
  assert.deepEqual(protobufKinds(), Object.keys(kinds));
  for (const k of ['v1/Namespace', 'v1/ConfigMap', 'v1/Secret', 'v1/ServiceAccount', 'v1/Service', 'v1/ResourceQuota', 'apps/v1/Deployment', 'batch/v1/Job',
    'batch/v1/CronJob', 'rbac.authorization.k8s.io/v1/ClusterRole', 'scheduling.k8s.io/v1/PriorityClass', 'policy/v1/PodDisruptionBudget',
    'networking.k8s.io/v1/Ingress', 'authentication.k8s.io/v1/TokenRequest', 'authentication.k8s.io/v1/SelfSubjectReview',
    'authorization.k8s.io/v1/SelfSubjectAccessReview', 'authorization.k8s.io/v1/SelfSubjectRulesReview']) assert.ok(k in kinds, k);
});
