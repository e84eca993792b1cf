// Captures the protobuf request bodies the real kubectl sends, as fixtures for decode.test.ts.
//
//   node src/apiserver/protobuf/testdata/capture.ts
//
// A throwaway HTTP server on a free loopback port answers just enough for each command to reach
// its POST: /version (v1.32, so the gcloud dispatcher runs its built-in 1.32 client), aggregated
// discovery for the resources the commands name, the legacy /api/v1 and /apis/<g>/<v> lists
// `auth can-i` reads, and 201 for every POST with a JSON echo of apiVersion and kind. Each POST
// body is saved as <name>.bin; requests.json records its path, content type and command line.
// Every `create` command except `create token` is run once more with `--dry-run=client -o json`,
// and kubectl's own JSON rendering of the object is saved as <name>.json: what decoding the
// .bin must give, up to the zero values the decoder drops.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pb-capture-'));

// A key pair for `create secret tls` (kubectl checks that the two match).
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
  '-subj', '/CN=example.com', '-keyout', join(work, 'tls.key'), '-out', join(work, 'tls.crt')], { stdio: 'ignore' });
// Bytes that are not UTF-8 land in a ConfigMap's binaryData.
writeFileSync(join(work, 'blob.bin'), Uint8Array.of(0xff, 0x00, 0xfe, 0x01));
writeFileSync(join(work, 'app.properties'), 'color=blue\nsize=3\n');

/** The commands captured: fixture name → kubectl arguments. */
const commands: Record<string, string[]> = {
  'namespace': ['create', 'namespace', 'team-a'],
  'configmap': ['create', 'configmap', 'app-config', '-n', 'team-a', '--from-literal=mode=fast', '--from-literal=empty=',
    `--from-file=${join(work, 'app.properties')}`, `--from-file=blob=${join(work, 'blob.bin')}`],
  'secret-generic': ['create', 'secret', 'generic', 'creds', '--from-literal=username=admin', '--from-literal=password=s3cr3t!'],
  'secret-tls': ['create', 'secret', 'tls', 'site-tls', `--cert=${join(work, 'tls.crt')}`, `--key=${join(work, 'tls.key')}`],
  'secret-docker-registry': ['create', 'secret', 'docker-registry', 'regcred', '--docker-server=registry.example.com',
    '--docker-username=u', '--docker-password=p', '--docker-email=u@example.com'],
  'serviceaccount': ['create', 'serviceaccount', 'builder', '-n', 'team-a'],
  'service-clusterip': ['create', 'service', 'clusterip', 's', '--tcp=80:8080'],
  'service-nodeport': ['create', 'service', 'nodeport', 'np', '--tcp=443:8443', '--node-port=30443'],
  'service-externalname': ['create', 'service', 'externalname', 'ext', '--external-name=db.example.com'],
  'quota': ['create', 'quota', 'q', '--hard=pods=10,cpu=1,memory=1Gi', '--scopes=NotBestEffort'],
  'priorityclass': ['create', 'priorityclass', 'high', '--value=1000', '--description=for critical pods', '--preemption-policy=Never'],
  'poddisruptionbudget': ['create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=1'],
  'poddisruptionbudget-percent': ['create', 'poddisruptionbudget', 'pdb2', '--selector=app=web', '--max-unavailable=50%'],
  'ingress': ['create', 'ingress', 'web', '--class=nginx', '--rule=foo.com/bar*=svc1:8080,tls=my-cert', '--default-backend=defsvc:http',
    '--annotation=nginx.ingress.kubernetes.io/rewrite-target=/'],
  'role': ['create', 'role', 'pod-reader', '--verb=get', '--verb=list', '--resource=pods', '--resource=deployments.apps', '--resource=pods/log'],
  'rolebinding': ['create', 'rolebinding', 'rb', '--role=pod-reader', '--user=alice', '--group=devs', '--serviceaccount=team-a:builder'],
  'clusterrole': ['create', 'clusterrole', 'nr', '--verb=get', '--non-resource-url=/logs/*'],
  'clusterrole-aggregation': ['create', 'clusterrole', 'monitoring', '--aggregation-rule=rbac.example.com/aggregate-to-monitoring=true'],
  'clusterrolebinding': ['create', 'clusterrolebinding', 'crb', '--clusterrole=monitoring', '--user=bob'],
  'deployment': ['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--port=80'],
  'deployment-zero': ['create', 'deployment', 'idle', '--image=busybox', '--replicas=0', '--', 'sleep', '3600'],
  'deployment-multi': ['create', 'deployment', 'pair', '--image=nginx', '--image=redis:7'],
  'job': ['create', 'job', 'pi', '--image=perl:5.34', '--', 'perl', '-Mbignum=bpi', '-wle', 'print bpi(20)'],
  'cronjob': ['create', 'cronjob', 'nightly', '--image=busybox', '--schedule=*/5 * * * *', '--restart=OnFailure', '--', 'date'],
  'token': ['create', 'token', 'builder', '-n', 'team-a', '--audience=api', '--audience=vault', '--duration=10m',
    '--bound-object-kind=Pod', '--bound-object-name=p', '--bound-object-uid=0b0e8c1e-0000-4000-8000-000000000001'],
  'can-i': ['auth', 'can-i', 'create', 'pods', '-n', 'team-a'],
  'can-i-subresource': ['auth', 'can-i', 'get', 'pods', '--subresource=log', '-n', 'team-a'],
  'can-i-nonresource': ['auth', 'can-i', 'get', '/logs'],
  'can-i-group': ['auth', 'can-i', 'list', 'deployments.apps', '--all-namespaces'],
  'can-i-list': ['auth', 'can-i', '--list', '-n', 'team-a'],
  'whoami': ['auth', 'whoami'],
};

/** A resource in discovery: [group, version, plural, Kind, namespaced, subresources]. */
const resources: [string, string, string, string, boolean, string[]][] = [
  ['', 'v1', 'namespaces', 'Namespace', false, []],
  ['', 'v1', 'configmaps', 'ConfigMap', true, []],
  ['', 'v1', 'secrets', 'Secret', true, []],
  ['', 'v1', 'serviceaccounts', 'ServiceAccount', true, ['token']],
  ['', 'v1', 'services', 'Service', true, []],
  ['', 'v1', 'pods', 'Pod', true, ['log']],
  ['', 'v1', 'resourcequotas', 'ResourceQuota', true, []],
  ['apps', 'v1', 'deployments', 'Deployment', true, []],
  ['batch', 'v1', 'jobs', 'Job', true, []],
  ['batch', 'v1', 'cronjobs', 'CronJob', true, []],
  ['rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true, []],
  ['rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true, []],
  ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false, []],
  ['rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false, []],
  ['scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false, []],
  ['policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, []],
  ['networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, []],
  ['authentication.k8s.io', 'v1', 'selfsubjectreviews', 'SelfSubjectReview', false, []],
  ['authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, []],
  ['authorization.k8s.io', 'v1', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', false, []],
];
const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

/** Returns the aggregated discovery document for the core group (`core`) or the named groups. */
function aggregated(core: boolean): unknown {
  const groups = [...new Set(resources.filter(([g]) => (g === '') === core).map(([g]) => g))];
  return {
    kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {},
    items: groups.map((group) => ({
      metadata: group ? { name: group, creationTimestamp: null } : { creationTimestamp: null },
      versions: [{
        version: 'v1', freshness: 'Current',
        resources: resources.filter(([g]) => g === group).map(([, version, plural, kind, namespaced, subs]) => ({
          resource: plural, responseKind: { group, version, kind }, scope: namespaced ? 'Namespaced' : 'Cluster',
          singularResource: kind.toLowerCase(), verbs,
          subresources: subs.map((s) => ({ subresource: s, responseKind: { group, version, kind }, verbs: ['create', 'get'] })),
        })),
      }],
    })),
  };
}

/** Returns the legacy APIResourceList of one group version. */
function resourceList(group: string, version: string): unknown {
  return {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version,
    resources: resources.filter(([g]) => g === group).flatMap(([, , plural, kind, namespaced, subs]) => [
      { name: plural, singularName: kind.toLowerCase(), namespaced, kind, verbs },
      ...subs.map((s) => ({ name: `${plural}/${s}`, singularName: '', namespaced, kind, verbs: ['create', 'get'] })),
    ]),
  };
}

/** Returns the 201 body for a POST: an echo kubectl accepts, with the status reviews need. */
function echo(path: string, apiVersion: string, kind: string): unknown {
  const status: Record<string, unknown> = {
    SelfSubjectAccessReview: { allowed: true },
    SelfSubjectRulesReview: { resourceRules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], nonResourceRules: [], incomplete: false },
    SelfSubjectReview: { userInfo: { username: 'alice', groups: ['system:authenticated'] } },
    TokenRequest: { token: 'token-value', expirationTimestamp: '2030-01-01T00:00:00Z' },
  };
  return { apiVersion, kind, metadata: { name: 'x' }, ...(status[kind] ? { status: status[kind] } : {}), path };
}

/** Returns apiVersion and kind from a protobuf envelope's typeMeta (field 1 of runtime.Unknown). */
function typeMetaOf(body: Buffer): [string, string] {
  // Both are short strings, so single-byte lengths suffice for this capture tool.
  const i = body.indexOf(0x0a, 4);
  const meta = body.subarray(i + 2, i + 2 + (body[i + 1] ?? 0));
  const read = (tag: number): string => {
    const j = meta.indexOf(tag);
    return j < 0 ? '' : meta.subarray(j + 2, j + 2 + (meta[j + 1] ?? 0)).toString();
  };
  return [read(0x0a), read(0x12)];
}

interface Captured { name: string; method: string; path: string; contentType: string; command: string }
const captured: Captured[] = [];
let current = '';
let count = 0;

/** Serves one request of the throwaway server. */
function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const json = (code: number, value: unknown, type = 'application/json'): void => {
    res.writeHead(code, { 'Content-Type': type });
    res.end(JSON.stringify(value));
  };
  const agg = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
  if (url.pathname === '/version') {
    return json(200, { major: '1', minor: '32', gitVersion: 'v1.32.0', gitCommit: '0', gitTreeState: 'clean',
      buildDate: '2024-01-01T00:00:00Z', goVersion: 'go1.22', compiler: 'gc', platform: 'linux/amd64' });
  }
  if (req.method === 'GET' && url.pathname === '/api') return json(200, aggregated(true), agg);
  if (req.method === 'GET' && url.pathname === '/apis') return json(200, aggregated(false), agg);
  if (req.method === 'GET' && url.pathname === '/api/v1') return json(200, resourceList('', 'v1'));
  const gv = /^\/apis\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && gv) return json(200, resourceList(gv[1] as string, gv[2] as string));
  if (req.method === 'POST') {
    const name = count++ === 0 ? current : `${current}-${count}`;
    writeFileSync(join(here, `${name}.bin`), body);
    captured.push({ name, method: req.method, path: url.pathname, contentType: req.headers['content-type'] ?? '', command: '' });
    const [apiVersion, kind] = typeMetaOf(body);
    return json(201, echo(url.pathname, apiVersion, kind));
  }
  console.error(`unexpected ${req.method} ${req.url}`);
  json(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => handle(req, res, Buffer.concat(chunks)));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;

/** Runs kubectl with a fresh cache dir; resolves with its exit code and output. */
function kubectl(args: string[]): Promise<{ code: number | null; out: string }> {
  const cache = mkdtempSync(join(work, 'cache-'));
  return new Promise((resolve) => {
    const child = spawn('kubectl', ['--server', `http://127.0.0.1:${port}`, '--cache-dir', cache, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

for (const [name, args] of Object.entries(commands)) {
  current = name;
  count = 0;
  const before = captured.length;
  const { code, out } = await kubectl(args);
  for (const c of captured.slice(before)) c.command = `kubectl ${args.map((a) => (/[\s*'"]/.test(a) ? `'${a.replace(work, '$WORK')}'` : a.replace(work, '$WORK'))).join(' ')}`;
  console.log(`${name}: exit ${code}, ${captured.length - before} POST(s): ${out.trim().split('\n')[0]}`);
  if (args[0] === 'create' && args[1] !== 'token') {
    const dry = await kubectl([...args.slice(0, args.indexOf('--') < 0 ? args.length : args.indexOf('--')), '--dry-run=client', '-o', 'json',
      ...(args.includes('--') ? args.slice(args.indexOf('--')) : [])]);
    if (dry.code !== 0) throw new Error(`${name} --dry-run: ${dry.out}`);
    writeFileSync(join(here, `${name}.json`), dry.out);
  }
}
writeFileSync(join(here, 'requests.json'), `${JSON.stringify(captured, null, 2)}\n`);
server.close();
rmSync(work, { recursive: true, force: true });
