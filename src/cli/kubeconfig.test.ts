// Kube contexts field by field against loft-platform-api.md §5 (names, one cluster/user/context
// per context name, no namespace) and §6 (exec plugin `token --silent --config <abs path>`),
// merged into a kubeconfig the real kubectl reads.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { LoftConfig } from './config.ts';
import {
  contextSpec,
  emptyKubeconfig,
  kubeconfigPath,
  managementContextName,
  managementServerPath,
  readKubeconfig,
  removeContext,
  selfCommand,
  setContext,
  standaloneKubeconfig,
  updateKubeconfig,
  vclusterContextName,
  vclusterServerPath,
  type KubeconfigDoc,
} from './kubeconfig.ts';

const config: LoftConfig = { kind: 'Config', apiVersion: 'storage.loft.sh/v1', host: 'https://loft.example.com:8443', accesskey: 'k', certificateAuthorityData: 'Q0FEQVRB' };
const dir = (): string => mkdtempSync(join(tmpdir(), 'loft-kubeconfig-'));

test('context names: loft-vcluster_<name>_<project> and loft-management; servers under <host>/kubernetes', () => {
  assert.equal(vclusterContextName('demo', 'default'), 'loft-vcluster_demo_default');
  assert.equal(managementContextName, 'loft-management');
  assert.equal(vclusterServerPath('demo', 'team-a'), '/kubernetes/project/team-a/virtualcluster/demo');
  assert.equal(managementServerPath, '/kubernetes/management');
});

test('a virtual cluster context: cluster, user and context share the name; the user runs loft token; no namespace', () => {
  const doc = emptyKubeconfig();
  const spec = contextSpec(config, '/home/u/.loft/config.json', vclusterContextName('demo', 'default'), vclusterServerPath('demo', 'default'));
  setContext(doc, spec, true);
  const self = selfCommand();
  assert.deepEqual(doc.clusters, [
    {
      name: 'loft-vcluster_demo_default',
      cluster: { server: 'https://loft.example.com:8443/kubernetes/project/default/virtualcluster/demo', 'certificate-authority-data': 'Q0FEQVRB' },
    },
  ]);
  assert.deepEqual(doc.users, [
    {
      name: 'loft-vcluster_demo_default',
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: self.command,
          args: [...self.args, 'token', '--silent', '--config', '/home/u/.loft/config.json'],
          interactiveMode: 'Never',
        },
      },
    },
  ]);
  assert.deepEqual(doc.contexts, [{ name: 'loft-vcluster_demo_default', context: { cluster: 'loft-vcluster_demo_default', user: 'loft-vcluster_demo_default' } }]);
  assert.equal(doc['current-context'], 'loft-vcluster_demo_default');
  assert.match(self.command, /bin\/loft$/);
  assert.ok(existsSync(self.command), 'the exec command is this checkout’s bin/loft');
});

test('insecure logins get insecure-skip-tls-verify instead of CA data', () => {
  const doc = emptyKubeconfig();
  setContext(doc, contextSpec({ ...config, insecure: true }, '/c.json', managementContextName, managementServerPath), true);
  assert.deepEqual(doc.clusters?.[0]?.cluster, { server: 'https://loft.example.com:8443/kubernetes/management', 'insecure-skip-tls-verify': true });
});

test('merging keeps other entries and fields, replaces a context of the same name in place, and can leave the current context alone', () => {
  const doc: KubeconfigDoc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kind', cluster: { server: 'https://127.0.0.1:6443', extensions: [{ name: 'x', extension: { a: 1 } }] } }],
    users: [{ name: 'kind', user: { token: 't' } }],
    contexts: [{ name: 'kind', context: { cluster: 'kind', user: 'kind', namespace: 'dev' } }],
    'current-context': 'kind',
    preferences: { colors: true },
  };
  const spec = contextSpec(config, '/c.json', 'loft-vcluster_a_p', vclusterServerPath('a', 'p'));
  setContext(doc, spec, false);
  assert.equal(doc['current-context'], 'kind');
  setContext(doc, { ...spec, server: 'https://other/kubernetes/project/p/virtualcluster/a' }, true);
  assert.deepEqual(doc.clusters?.map((c) => c.name), ['kind', 'loft-vcluster_a_p']);
  assert.equal(doc.clusters?.[1]?.cluster.server, 'https://other/kubernetes/project/p/virtualcluster/a');
  assert.deepEqual(doc.clusters?.[0], { name: 'kind', cluster: { server: 'https://127.0.0.1:6443', extensions: [{ name: 'x', extension: { a: 1 } }] } });
  assert.deepEqual(doc.preferences, { colors: true });
  assert.equal(doc['current-context'], 'loft-vcluster_a_p');
});

test('removing a context removes its cluster and user; if it was current, another context becomes current', () => {
  const doc = emptyKubeconfig();
  setContext(doc, contextSpec(config, '/c.json', managementContextName, managementServerPath), true);
  setContext(doc, contextSpec(config, '/c.json', 'loft-vcluster_a_p', vclusterServerPath('a', 'p')), true);
  assert.deepEqual(removeContext(doc, 'loft-vcluster_a_p'), { removed: true, current: 'loft-management' });
  assert.deepEqual(doc.contexts?.map((c) => c.name), ['loft-management']);
  assert.deepEqual(doc.clusters?.map((c) => c.name), ['loft-management']);
  assert.deepEqual(doc.users?.map((c) => c.name), ['loft-management']);
  assert.equal(doc['current-context'], 'loft-management');
  assert.deepEqual(removeContext(doc, 'nothing'), { removed: false });
  assert.deepEqual(removeContext(doc, 'loft-management'), { removed: true, current: '' });
});

test('the kubeconfig written is the one kubectl uses: first path of KUBECONFIG, else ~/.kube/config; --kubeconfig wins', () => {
  assert.equal(kubeconfigPath({ HOME: '/h' }), '/h/.kube/config');
  assert.equal(kubeconfigPath({ HOME: '/h', KUBECONFIG: '/a/one:/b/two' }), '/a/one');
  assert.equal(kubeconfigPath({ HOME: '/h', KUBECONFIG: '::/b/two' }), '/b/two');
  assert.equal(kubeconfigPath({ HOME: '/h', KUBECONFIG: '' }), '/h/.kube/config');
  assert.equal(kubeconfigPath({ HOME: '/h', KUBECONFIG: '/a' }, '/flag'), '/flag');
});

test('updateKubeconfig writes a file the real kubectl reads, keeps its mode, releases the lock and writes through symlinks', () => {
  const d = dir();
  const file = join(d, 'nested', 'config');
  updateKubeconfig(file, (doc) => setContext(doc, contextSpec(config, '/c.json', 'loft-vcluster_demo_default', vclusterServerPath('demo', 'default')), true));
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(existsSync(`${file}.lock`), false);
  const view = JSON.parse(execFileSync('kubectl', ['config', 'view', '--kubeconfig', file, '-o', 'json'], { encoding: 'utf8' })) as {
    'current-context': string;
    clusters: Array<{ name: string; cluster: { server: string } }>;
    users: Array<{ name: string; user: { exec: { command: string; args: string[]; interactiveMode: string } } }>;
  };
  assert.equal(view['current-context'], 'loft-vcluster_demo_default');
  assert.equal(view.clusters[0]?.cluster.server, 'https://loft.example.com:8443/kubernetes/project/default/virtualcluster/demo');
  assert.equal(view.users[0]?.user.exec.interactiveMode, 'Never');

  const real = join(d, 'real-config');
  writeFileSync(real, 'apiVersion: v1\nkind: Config\ncurrent-context: x\n', { mode: 0o640 });
  const link = join(d, 'link-config');
  symlinkSync(real, link);
  updateKubeconfig(link, (doc) => setContext(doc, contextSpec(config, '/c.json', 'loft-management', managementServerPath), false));
  assert.equal(lstatSync(link).isSymbolicLink(), true);
  assert.equal(statSync(real).mode & 0o777, 0o640);
  assert.equal(readKubeconfig(real)['current-context'], 'x');
  assert.equal(readKubeconfig(real).contexts?.[0]?.name, 'loft-management');
});

test('updateKubeconfig waits for client-go’s lock file and gives up with a hint', () => {
  const d = dir();
  const file = join(d, 'config');
  writeFileSync(`${file}.lock`, '');
  const started = Date.now();
  assert.throws(() => updateKubeconfig(file, () => undefined), /is locked .*config\.lock exists/);
  assert.ok(Date.now() - started >= 4000);
});

test('--print output is a complete kubeconfig holding only that context, current', () => {
  const text = standaloneKubeconfig(contextSpec(config, '/c.json', 'loft-vcluster_demo_default', vclusterServerPath('demo', 'default')));
  const doc = parse(text) as KubeconfigDoc;
  assert.equal(doc.apiVersion, 'v1');
  assert.equal(doc.kind, 'Config');
  assert.equal(doc['current-context'], 'loft-vcluster_demo_default');
  assert.equal(doc.clusters?.length, 1);
  assert.equal(doc.users?.length, 1);
  assert.equal(doc.contexts?.length, 1);
  assert.doesNotMatch(text, /accesskey|token: k/);
});
