// Property tests of escalation prevention (reliability-security.md S3): random holder rules and a
// random target role; the decision must agree with an independent oracle that enumerates a small
// finite universe of requests. The universe holds every literal the generators use plus values no
// rule names ("fresh"), so a wildcard is never covered by an explicit list.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isStatusError } from '../../apimachinery/index.ts';
import type { UserInfo } from '../../registry/index.ts';
import { covers } from './covers.ts';
import { normalizeRules, type Rule } from './rules.ts';
import { clusterRoleBindingObject, clusterRoleObject, eventually, roleBindingObject, roleObject, startRbacEnv } from './testing.ts';

const verbs = ['get', 'list', 'delete', '*'];
const groups = ['', 'apps', '*'];
const resources = ['pods', 'secrets', 'pods/log', 'deployments/scale', '*', '*/scale', '*/log', 'pods/*'];
const names = ['a', 'b'];
const urls = ['/api', '/api/*', '/apis*', '/healthz', '*', '/a**'];

const pick = <T>(values: T[]) => fc.subarray(values, { minLength: 1, maxLength: Math.min(3, values.length) });
const resourceRule = fc.record({
  verbs: pick(verbs),
  apiGroups: pick(groups),
  resources: pick(resources),
  resourceNames: fc.oneof(fc.constant([] as string[]), pick(names)),
});
const urlRule = fc.record({ verbs: pick(verbs), nonResourceURLs: pick(urls) });
const anyRule = fc.oneof(resourceRule, resourceRule, urlRule);

// ---- the oracle: plain set semantics over a finite universe, written independently of rules.ts ----

type Point = { verb: string; group: string; resource: string; sub: string; name: string } | { verb: string; path: string };

const universeVerbs = ['get', 'list', 'delete', 'fresh-verb'];
const universeGroups = ['', 'apps', 'fresh.group'];
const universeResources = ['pods', 'secrets', 'deployments', 'freshres'];
const universeSubs = ['', 'log', 'scale', '*', 'freshsub'];
const universeNames = ['', 'a', 'b', 'fresh-name'];
const universePaths = ['', 'x', '/', '/api', '/api/', '/api/v1', '/apis', '/apisx', '/apis/apps', '/healthz', '/healthzx', '/a', '/a/b', '/b', '/fresh'];

const universe: Point[] = [];
for (const verb of universeVerbs) {
  for (const group of universeGroups) for (const resource of universeResources) for (const sub of universeSubs) for (const name of universeNames) universe.push({ verb, group, resource, sub, name });
  for (const path of universePaths) universe.push({ verb, path });
}

function allows(rule: { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] }, p: Point): boolean {
  if (!rule.verbs.some((v) => v === '*' || v === p.verb)) return false;
  if ('path' in p) {
    return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === p.path || (u.endsWith('*') && p.path.startsWith(u.replace(/\*+$/, ''))));
  }
  if (!(rule.apiGroups ?? []).some((g) => g === '*' || g === p.group)) return false;
  const combined = p.sub ? `${p.resource}/${p.sub}` : p.resource;
  const resourceOk = (rule.resources ?? []).some((r) => r === '*' || r === combined || (p.sub !== '' && r === `*/${p.sub}`));
  if (!resourceOk) return false;
  const ruleNames = rule.resourceNames ?? [];
  return ruleNames.length === 0 || ruleNames.includes(p.name);
}

function oracleCovers(owner: Parameters<typeof allows>[0][], servant: Parameters<typeof allows>[0][]): boolean {
  return universe.every((p) => !servant.some((s) => allows(s, p)) || owner.some((o) => allows(o, p)));
}

test('covers agrees with the set-inclusion oracle (10,000 cases)', () => {
  fc.assert(
    fc.property(fc.array(anyRule, { maxLength: 5 }), fc.array(anyRule, { minLength: 1, maxLength: 3 }), (owner, servant) => {
      const { covered, missing } = covers(normalizeRules(owner), normalizeRules(servant));
      assert.equal(covered, oracleCovers(owner, servant));
      // Every reported missing atomic rule is indeed not held.
      for (const m of missing) assert.equal(oracleCovers(owner, [toPlain(m)]), false);
    }),
    { numRuns: 10_000 },
  );
});

function toPlain(r: Rule): Parameters<typeof allows>[0] {
  return { verbs: [...r.verbs], apiGroups: [...r.apiGroups], resources: [...r.resources], resourceNames: [...r.resourceNames], nonResourceURLs: [...r.nonResourceURLs] };
}

test('escalation check through RestStore agrees with the oracle (holder rules × target role × escalate/bind)', async () => {
  const env = await startRbacEnv();
  try {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        // Half the targets are drawn from what the holder has, so both outcomes are frequent.
        fc
          .tuple(fc.array(resourceRule, { maxLength: 4 }), fc.array(anyRule, { maxLength: 3 }))
          .chain(([namespaceHeld, clusterHeld]) => {
            const heldResourceRules = [...namespaceHeld, ...clusterHeld].filter((r) => 'resources' in r);
            const fromHeld = heldResourceRules.length > 0 ? fc.subarray(heldResourceRules, { minLength: 1 }) : fc.array(resourceRule, { minLength: 1, maxLength: 3 });
            return fc.tuple(fc.constant(namespaceHeld), fc.constant(clusterHeld), fc.oneof(fc.array(resourceRule, { minLength: 1, maxLength: 3 }), fromHeld));
          }),
        fc.constantFrom('role', 'clusterrole', 'rolebinding', 'clusterrolebinding'),
        fc.constantFrom('none', 'escalate', 'bind'),
        async ([namespaceHeld, clusterHeld, target], kind, extra) => {
          const cluster = `prop-${n++}`;
          const user: UserInfo = { name: 'holder', groups: ['system:authenticated'] };
          const sys = (resource: string) => env.system.must(cluster, 'rbac.authorization.k8s.io', resource);
          const grants = [...clusterHeld];
          if (extra === 'escalate') grants.push({ verbs: ['escalate'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'clusterroles'], resourceNames: [] });
          if (extra === 'bind') grants.push({ verbs: ['bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'clusterroles'], resourceNames: ['target'] });
          await sys('clusterroles').create(undefined, clusterRoleObject('held', grants));
          await sys('clusterrolebindings').create(undefined, clusterRoleBindingObject('held', 'held', [{ kind: 'User', name: user.name }]));
          await sys('roles').create('ns', roleObject('ns', 'held', namespaceHeld));
          await sys('rolebindings').create('ns', roleBindingObject('ns', 'held', { kind: 'Role', name: 'held' }, [{ kind: 'User', name: user.name }]));
          // The role a binding refers to, created by the system.
          const targetRules = kind === 'rolebinding' ? target : [...target];
          if (kind === 'rolebinding') await sys('roles').create('ns', roleObject('ns', 'target', targetRules));
          if (kind === 'clusterrolebinding') await sys('clusterroles').create(undefined, clusterRoleObject('target', targetRules));
          await eventually(() => env.index.policy(cluster)?.namespaceSubjects.get('ns')?.users.get(user.name) && env.index.policy(cluster)?.clusterSubjects.users.get(user.name), 'the holder policy');
          await eventually(() => kind === 'role' || kind === 'clusterrole' || (kind === 'rolebinding' ? env.index.policy(cluster)?.roles.get('ns')?.has('target') : env.index.policy(cluster)?.clusterRoles.has('target')), 'the target');

          const as = env.as(user, cluster);
          let allowed = true;
          try {
            if (kind === 'role') await as.create('roles', 'ns', roleObject('ns', 'target', target));
            else if (kind === 'clusterrole') await as.create('clusterroles', undefined, clusterRoleObject('target', target));
            else if (kind === 'rolebinding') await as.create('rolebindings', 'ns', roleBindingObject('ns', 'b', { kind: 'Role', name: 'target' }, [{ kind: 'User', name: 'x' }]));
            else await as.create('clusterrolebindings', undefined, clusterRoleBindingObject('b', 'target', [{ kind: 'User', name: 'x' }]));
          } catch (err) {
            if (!isStatusError(err, 'Forbidden')) throw err;
            allowed = false;
          }
          // Oracle (docs "Privilege escalation prevention"): the scope is the namespace (plus
          // cluster-wide bindings) for namespaced objects, cluster-wide bindings otherwise.
          const namespaced = kind === 'role' || kind === 'rolebinding';
          const held = namespaced ? [...clusterHeld, ...namespaceHeld] : clusterHeld;
          const special = kind === 'role' || kind === 'clusterrole' ? extra === 'escalate' : extra === 'bind';
          const expected = special || oracleCovers(held, target);
          assert.equal(allowed, expected, JSON.stringify({ kind, extra, namespaceHeld, clusterHeld, target }));
        },
      ),
      { numRuns: 300 },
    );
  } finally {
    await env.stop();
  }
});
