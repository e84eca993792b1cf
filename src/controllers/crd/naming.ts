// Step 1 of the CRD controller: which names each CRD of a cluster gets
// (apiextensions-apiserver pkg/controller/status NamingConditionController and
// pkg/controller/establish). Names are claimed per API group: a CRD keeps the names it was
// already accepted under, and a new or changed name is accepted only while no other CRD of the
// group and no built-in resource of the group uses it. The first CRD to claim a name wins:
// CRDs are considered in creation order, and a later CRD's earlier accepted names stay claimed.

import type { KubeObject } from '../../apimachinery/index.ts';
import { crdSpec, findCondition, type CrdCondition, type CrdNames, type CrdStatus, type ResourceInfo } from '../../registry/index.ts';

/** The outcome of name acceptance for one CRD; conditions carry no transition time yet. */
export interface NamingResult {
  acceptedNames: CrdNames;
  namesAccepted: CrdCondition;
  established: CrdCondition;
}

interface Claims {
  resources: Set<string>;
  kinds: Set<string>;
}

function claimsOf(names: Partial<CrdNames> | undefined, into: Claims): void {
  if (!names) return;
  for (const n of [names.plural, names.singular, ...(names.shortNames ?? [])]) if (n) into.resources.add(n);
  for (const n of [names.kind, names.listKind]) if (n) into.kinds.add(n);
}

/** Returns the requested names with upstream's defaults (singular from kind, listKind from kind). */
function requestedNames(crd: KubeObject): CrdNames {
  const names = crdSpec(crd).names;
  return {
    plural: names.plural ?? '',
    singular: names.singular || (names.kind ?? '').toLowerCase(),
    kind: names.kind ?? '',
    listKind: names.listKind || (names.kind ? `${names.kind}List` : ''),
    ...(names.shortNames?.length ? { shortNames: [...names.shortNames] } : {}),
    ...(names.categories?.length ? { categories: [...names.categories] } : {}),
  };
}

/** Returns CRDs in claim order: oldest first, then by name. */
export function claimOrder(crds: KubeObject[]): KubeObject[] {
  const key = (c: KubeObject): string => `${c.metadata?.creationTimestamp ?? ''}\0${c.metadata?.name ?? ''}`;
  return [...crds].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Returns the accepted names and the NamesAccepted and Established conditions of every CRD, by name. */
export function acceptNames(crds: KubeObject[], builtins: ResourceInfo[]): Map<string, NamingResult> {
  const ordered = claimOrder(crds);
  const results = new Map<string, NamingResult>();
  const decided = new Map<string, CrdNames>();
  for (const crd of ordered) {
    const name = crd.metadata?.name ?? '';
    const group = crdSpec(crd).group;
    // Everything else in the group holds its names: built-ins, CRDs decided in this pass, and
    // the previously accepted names of CRDs still to come.
    const used: Claims = { resources: new Set(), kinds: new Set() };
    for (const b of builtins) {
      if (b.group !== group) continue;
      claimsOf({ plural: b.resource, singular: b.singularResource, shortNames: b.shortNames, kind: b.kind, listKind: b.listKind }, used);
    }
    for (const other of ordered) {
      const otherName = other.metadata?.name ?? '';
      if (otherName === name || crdSpec(other).group !== group) continue;
      claimsOf(decided.get(otherName) ?? (other.status as CrdStatus | undefined)?.acceptedNames, used);
    }
    const result = nameCrd(crd, used);
    results.set(name, result);
    decided.set(name, result.acceptedNames);
  }
  return results;
}

/** Returns the names and conditions of one CRD against the names in use (calculateNamesAndConditions). */
function nameCrd(crd: KubeObject, used: Claims): NamingResult {
  const requested = requestedNames(crd);
  const accepted: Partial<CrdNames> = (crd.status as CrdStatus | undefined)?.acceptedNames ?? {};
  const next: Partial<CrdNames> = { ...accepted };
  let condition: CrdCondition = { type: 'NamesAccepted', status: 'Unknown' };
  const conflict = (reason: string, message: string): void => {
    condition = { type: 'NamesAccepted', status: 'False', reason, message };
  };
  // A name is fine when it is the one already accepted, or nobody else uses it.
  const check = (requestedName: string, acceptedName: string | undefined, inUse: Set<string>): string | undefined =>
    requestedName === acceptedName || !inUse.has(requestedName) ? undefined : `"${requestedName}" is already in use`;

  const plural = check(requested.plural, accepted.plural, used.resources);
  if (plural) conflict('PluralConflict', plural);
  else next.plural = requested.plural;
  const singular = check(requested.singular ?? '', accepted.singular, used.resources);
  if (singular) conflict('SingularConflict', singular);
  else next.singular = requested.singular;
  const requestedShort = requested.shortNames ?? [];
  const acceptedShort = accepted.shortNames ?? [];
  if (JSON.stringify(requestedShort) !== JSON.stringify(acceptedShort)) {
    const errors = requestedShort.filter((s) => !acceptedShort.includes(s)).map((s) => check(s, '', used.resources)).filter((e): e is string => e !== undefined);
    if (errors.length > 0) conflict('ShortNamesConflict', errors.length === 1 ? (errors[0] as string) : `[${errors.join(', ')}]`);
    else next.shortNames = requestedShort;
  }
  const kind = check(requested.kind, accepted.kind, used.kinds);
  if (kind) conflict('KindConflict', kind);
  else next.kind = requested.kind;
  const listKind = check(requested.listKind ?? '', accepted.listKind, used.kinds);
  if (listKind) conflict('ListKindConflict', listKind);
  else next.listKind = requested.listKind;
  next.categories = requested.categories;
  if (condition.status === 'Unknown') condition = { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' };

  // establish controller: once the initial names are accepted, the kind is served, for good.
  let established: CrdCondition = findCondition(crd, 'Established') ?? { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' };
  if (established.status !== 'True' && condition.status === 'True') {
    established = { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' };
  }
  return { acceptedNames: cleanNames(next), namesAccepted: condition, established };
}

/** Returns names as the API writes them, in its field order, empty lists left out. */
function cleanNames(names: Partial<CrdNames>): CrdNames {
  return {
    plural: names.plural ?? '',
    ...(names.singular ? { singular: names.singular } : {}),
    ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}),
    kind: names.kind ?? '',
    ...(names.listKind ? { listKind: names.listKind } : {}),
    ...(names.categories?.length ? { categories: names.categories } : {}),
  };
}
