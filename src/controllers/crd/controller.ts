// The CRD controller: per logical cluster, turns the CustomResourceDefinitions into served
// resources and keeps their status (apiextensions-apiserver's naming, establishing and finalizer
// controllers in one level-triggered reconcile). The reconcile key is the cluster: names are
// claimed across a cluster's CRDs, and the cluster's custom resources are published to the
// catalog as one set. Steps (README.md): naming.ts, then serving and status here, then cleanup.ts.

import { isStatusError, type KubeObject } from '../../apimachinery/index.ts';
import {
  crdSpec,
  customResources,
  jsonEqual,
  rfc3339,
  setCondition,
  type CrdStatus,
  type ResourceInfo,
} from '../../registry/index.ts';
import type { SystemClient } from '../runtime/client.ts';
import type { Controller, ObjectEvent } from '../runtime/manager.ts';
import type { ReconcileResult } from '../runtime/work-queue.ts';
import { cleanupCrd, needsCleanup } from './cleanup.ts';
import { acceptNames, claimOrder, type NamingResult } from './naming.ts';

const group = 'apiextensions.k8s.io';
const resource = 'customresourcedefinitions';

/** How often a terminating CRD whose objects still wait on their finalizers is looked at again. */
const cleanupPollMs = 1000;

/** The ResourceInfos built from one CRD generation under one set of accepted names. */
interface Served {
  fingerprint: string;
  infos: ResourceInfo[];
}

/** Returns the CRD as it is served: the accepted names in place of the requested ones. */
function servedDefinition(crd: KubeObject, naming: NamingResult): KubeObject {
  const spec = crdSpec(crd);
  const names = naming.acceptedNames;
  return {
    ...crd,
    spec: {
      ...(crd.spec as object),
      names: {
        ...spec.names,
        plural: names.plural,
        singular: names.singular,
        kind: names.kind,
        listKind: names.listKind,
        shortNames: names.shortNames ?? [],
        categories: names.categories ?? [],
      },
    },
  };
}

/** Returns the status the controller wants for a CRD. */
function desiredStatus(crd: KubeObject, naming: NamingResult, now: string): CrdStatus {
  const status = (crd.status ?? {}) as CrdStatus;
  let conditions = setCondition(status.conditions, naming.namesAccepted, now);
  conditions = setCondition(conditions, naming.established, now);
  if (needsCleanup(crd)) {
    conditions = setCondition(conditions, { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' }, now);
  }
  const stored = new Set(status.storedVersions ?? []);
  const storage = crdSpec(crd).versions.find((v) => v?.storage)?.name;
  if (storage) stored.add(storage);
  return { ...status, acceptedNames: naming.acceptedNames, conditions, storedVersions: [...stored] };
}

/** CrdController serves every logical cluster's CustomResourceDefinitions. */
export class CrdController implements Controller {
  readonly name = 'customresourcedefinitions';
  readonly watches = [`${group}/${resource}`];
  readonly concurrency = 4;
  // Requests for custom resources need their kinds published before the server listens.
  readonly neededToServe = true;
  private readonly client: SystemClient;
  private readonly served = new Map<string, Map<string, Served>>();
  private readonly published = new Map<string, ResourceInfo[]>();

  constructor(client: SystemClient) {
    this.client = client;
  }

  /** Returns the reconcile key of an event: its cluster. */
  keys(event: ObjectEvent): string[] {
    return [event.cluster];
  }

  /** Publishes the cluster's custom resources, writes each CRD's status, and cleans up deleted CRDs. */
  async reconcile(cluster: string): Promise<ReconcileResult> {
    const crdClient = this.client.resource(cluster, group, resource);
    if (!crdClient) return {};
    const crds = claimOrder(await crdClient.list());
    const naming = acceptNames(crds, this.client.catalog.builtinResources());

    // Serve first, then report Established: a client waiting for the condition finds the kind served.
    const servedVersion = this.publish(cluster, crds, naming);

    let requeueAfterMs: number | undefined;
    let failure: unknown;
    const now = rfc3339(new Date());
    for (const listed of crds) {
      const name = listed.metadata?.name ?? '';
      const result = naming.get(name);
      if (!result) continue;
      try {
        let crd = listed;
        const status = desiredStatus(crd, result, now);
        if (!jsonEqual(status, crd.status)) crd = await crdClient.update({ ...crd, status }, 'status');
        if (!needsCleanup(crd)) continue;
        const outcome = await cleanupCrd(this.client, cluster, crd, crdClient, servedVersion.get(name));
        if (!outcome.done) requeueAfterMs = cleanupPollMs;
      } catch (err) {
        // Changed or deleted meanwhile: its own event brings the cluster back. Anything else is
        // retried with backoff, after the other CRDs of the cluster had their turn.
        if (isStatusError(err, 'Conflict') || isStatusError(err, 'NotFound')) continue;
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure;
    return requeueAfterMs === undefined ? {} : { requeueAfterMs };
  }

  /** Sets the catalog's custom resources of `cluster` when they changed; returns each served CRD's version. */
  private publish(cluster: string, crds: KubeObject[], naming: Map<string, NamingResult>): Map<string, string> {
    const previous = this.served.get(cluster) ?? new Map<string, Served>();
    const next = new Map<string, Served>();
    const infos: ResourceInfo[] = [];
    const versions = new Map<string, string>();
    for (const crd of crds) {
      const name = crd.metadata?.name ?? '';
      const result = naming.get(name);
      if (!result || result.established.status !== 'True') continue;
      const uid = crd.metadata?.uid ?? name;
      const fingerprint = `${crd.metadata?.generation ?? 0}/${JSON.stringify(result.acceptedNames)}/${crd.metadata?.deletionTimestamp ?? ''}`;
      let entry = previous.get(uid);
      if (!entry || entry.fingerprint !== fingerprint) {
        // Compiled once per CRD generation: schemas, patterns and CEL programs live in the infos.
        let infos: ResourceInfo[];
        try {
          infos = customResources(servedDefinition(crd, result));
        } catch {
          // A definition stored before today's validation rules: not served, the others are.
          continue;
        }
        entry = { fingerprint, infos };
      }
      next.set(uid, entry);
      infos.push(...entry.infos);
      const first = entry.infos[0];
      if (first) versions.set(name, first.version);
    }
    if (next.size > 0) this.served.set(cluster, next);
    else this.served.delete(cluster);
    const before = this.published.get(cluster) ?? [];
    if (before.length !== infos.length || before.some((info, i) => info !== infos[i])) {
      this.client.catalog.setCustomResources(cluster, infos);
      if (infos.length > 0) this.published.set(cluster, infos);
      else this.published.delete(cluster);
    }
    return versions;
  }
}

/** Returns the controller that serves CustomResourceDefinitions in every logical cluster. */
export function crdController(client: SystemClient): CrdController {
  return new CrdController(client);
}
