// Issue #3 item 5: built-in objects are validated with upstream's rules, and the real kubectl
// prints what it prints against kube-apiserver: a mistyped field is a BadRequest from the
// decoder, a broken rule is Invalid with the field path, and what `kubectl create <kind>`
// writes is accepted.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from './harness.ts';

const ns = 'validation';

/** Returns a Deployment manifest selecting app=a whose template carries `labels` and `replicas`. */
function deploymentYaml(name: string, replicas: string, labels: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: a
  template:
    metadata:
      labels:
        ${labels}
    spec:
      containers:
      - name: web
        image: nginx
`;
}

describe('kubectl against validated built-in kinds', { concurrency: false }, () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    await s.kubectlOk(['create', 'namespace', ns]);
  });
  after(async () => {
    await s.stop();
  });

  test('a string where replicas is an int32 is a BadRequest from the decoder', async () => {
    const file = s.file('replicas.yaml', deploymentYaml('typed', '"abc"', 'app: a'));
    const result = await s.kubectl(['create', '-f', file, '-n', ns]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      `Error from server (BadRequest): error when creating "${file}": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`,
    );
  });

  test('a selector that does not match the template labels is Invalid, the labels printed as a Go map', async () => {
    const file = s.file('mismatch.yaml', deploymentYaml('x', '1', 'app: b'));
    const result = await s.kubectl(['create', '-f', file, '-n', ns]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      'The Deployment "x" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`',
    );
  });

  test('a Pod without containers is Invalid', async () => {
    const file = s.file('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: empty\nspec:\n  containers: []\n');
    const result = await s.kubectl(['create', '-f', file, '-n', ns]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), 'The Pod "empty" is invalid: spec.containers: Required value');
  });

  test('a Service port above 65535 is Invalid, and so is the targetPort defaulted from it', async () => {
    const file = s.file('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: big\nspec:\n  selector:\n    app: a\n  ports:\n  - port: 70000\n');
    const result = await s.kubectl(['create', '-f', file, '-n', ns]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      [
        'The Service "big" is invalid: ',
        '* spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
        '* spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      ].join('\n'),
    );
  });

  test('kubectl apply cannot repoint a RoleBinding', async () => {
    const binding = (role: string): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: readers
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${role}
subjects:
- kind: User
  apiGroup: rbac.authorization.k8s.io
  name: alice
`;
    await s.kubectlOk(['apply', '-f', s.file('rb-a.yaml', binding('reader-a')), '-n', ns]);
    const result = await s.kubectl(['apply', '-f', s.file('rb-b.yaml', binding('reader-b')), '-n', ns]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      'The RoleBinding "readers" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"reader-b"}: cannot change roleRef',
    );
  });

  test('Secret data that is not base64 is a BadRequest', async () => {
    const file = s.file('secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: raw\ndata:\n  password: hunter2!\n');
    const result = await s.kubectl(['create', '-f', file, '-n', ns]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      `Error from server (BadRequest): error when creating "${file}": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 7`,
    );
  });

  test('a CronJob schedule is parsed as robfig/cron parses it', async () => {
    const result = await s.kubectl(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=61 * * * *', '-n', ns]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), 'error: failed to create cronjob: CronJob.batch "tick" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
  });

  test('what kubectl create writes for each kind is accepted', async () => {
    const creates = [
      ['deployment', 'web', '--image=nginx', '--replicas=2', '--port=80'],
      ['job', 'once', '--image=busybox', '--', 'true'],
      ['cronjob', 'every-minute', '--image=busybox', '--schedule=*/1 * * * *'],
      ['service', 'clusterip', 'web', '--tcp=80:8080'],
      ['service', 'nodeport', 'web-np', '--tcp=80:8080'],
      ['service', 'externalname', 'db', '--external-name=db.example.com'],
      ['configmap', 'conf', '--from-literal=a=1'],
      ['secret', 'generic', 'creds', '--from-literal=password=s3cret'],
      ['secret', 'docker-registry', 'pull', '--docker-server=r.example.com', '--docker-username=u', '--docker-password=p'],
      ['role', 'reader', '--verb=get,list', '--resource=pods'],
      ['rolebinding', 'reader', '--role=reader', '--user=alice', '--serviceaccount=validation:default'],
      ['clusterrole', 'urls', '--verb=get', '--non-resource-url=/logs/*'],
      ['clusterrolebinding', 'urls', '--clusterrole=urls', '--group=devs'],
      ['priorityclass', 'high', '--value=1000'],
      ['ingress', 'web', '--rule=web.example.com/api*=web:80'],
      ['poddisruptionbudget', 'web', '--selector=app=web', '--min-available=1'],
      ['serviceaccount', 'builder'],
    ];
    for (const args of creates) {
      const scoped = ['clusterrole', 'clusterrolebinding', 'priorityclass'].includes(args[0] as string) ? [] : ['-n', ns];
      await s.kubectlOk(['create', ...args, ...scoped]);
    }
    await s.kubectlOk(['run', 'shell', '--image=busybox', '--restart=Never', '-n', ns, '--', 'sleep', '1']);
    const deployment = JSON.parse(await s.kubectlOk(['get', 'deployment', 'web', '-n', ns, '-o', 'json']));
    assert.equal(deployment.spec.replicas, 2);
    // A replace of the unchanged object passes the update rules too.
    await s.kubectlOk(['replace', '-f', s.file('web.json', JSON.stringify(deployment))]);
    await s.kubectlOk(['scale', 'deployment', 'web', '--replicas=3', '-n', ns]);
    await s.kubectlOk(['label', 'deployment', 'web', 'tier=front', '-n', ns]);
  });
});
